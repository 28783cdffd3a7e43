module.exports = { ...require('../../../jest.preset.js'), displayName: 'session-tracking-contracts', rootDir: __dirname, passWithNoTests: false };
