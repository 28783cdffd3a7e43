module.exports = { ...require('../../../jest.preset.js'), displayName: 'session-tracking-domain', rootDir: __dirname, passWithNoTests: false };
