module.exports = { ...require('../../../jest.preset.js'), displayName: 'enrollment-domain', rootDir: __dirname, passWithNoTests: false };
