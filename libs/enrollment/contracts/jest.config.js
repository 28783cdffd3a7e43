module.exports = { ...require('../../../jest.preset.js'), displayName: 'enrollment-contracts', rootDir: __dirname, passWithNoTests: false };
