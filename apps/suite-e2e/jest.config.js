// The whole suite as real processes over the real broker and database. Runs in band: one test stops Kafka.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'suite-e2e',
  rootDir: __dirname,
  testMatch: ['**/*.e2e-spec.ts'],
  testTimeout: 180000,
  globalSetup: '<rootDir>/src/support/build.js',
};
