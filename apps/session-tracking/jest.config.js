module.exports = { ...require('../../jest.preset.js'), displayName: 'session-tracking', rootDir: __dirname, testTimeout: 60000 };
