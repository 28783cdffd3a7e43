// Shared jest settings: swc compiles TypeScript (type checking is the separate `typecheck` step, which
// keeps tests fast on two cores) and the tsconfig path aliases resolve to library sources.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const root = __dirname;
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(root, target)]),
);

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};

// ES-module-only packages that jest's CommonJS runtime cannot load as they are (Node loads them natively).
const ESM_ONLY = ['hyparquet', 'hyparquet-writer', '@digitalbazaar', 'base58-universal', 'base64url-universal', 'ky'];

module.exports = {
  testEnvironment: 'node',
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  transform: {
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['@swc/jest', swc],
    '^.+\\.ts$': ['@swc/jest', swc],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['**/?(*.)+(spec|int-spec|e2e-spec).ts'],
  reporters: ['default', path.join(root, 'tools/jest-summary-reporter.js')],
};
