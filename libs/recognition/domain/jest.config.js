module.exports = { ...require('../../../jest.preset.js'), displayName: 'recognition-domain', rootDir: __dirname, passWithNoTests: false };
