module.exports = { ...require('../../../jest.preset.js'), displayName: 'recognition-contracts', rootDir: __dirname, passWithNoTests: false };
