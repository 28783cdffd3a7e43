module.exports = { ...require('../../../jest.preset.js'), displayName: 'event-catalog', rootDir: __dirname, passWithNoTests: false };
