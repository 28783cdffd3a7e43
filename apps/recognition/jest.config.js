module.exports = { ...require('../../jest.preset.js'), displayName: 'recognition', rootDir: __dirname, testTimeout: 60000 };
