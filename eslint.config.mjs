import nx from '@nx/eslint-plugin';

const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', 'nestjs-pino', 'pino', 'prom-client', 'class-validator', 'class-transformer', 'ajv', 'ajv-formats'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', 'tmp', '.tandem', 'coverage', '**/jest.config.js', 'jest.preset.js'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Who may import whom. A context sees shared platform libs and other contexts' *contracts*, never their
      // domain or apps; domain, contracts and kernel code is pure (no framework, database or broker).
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:platform', 'type:domain', 'type:contracts', 'type:kernel', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:kernel', 'type:testing'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:kernel', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:kernel'] },
            // The published catalogue (schemas, AsyncAPI) reads every context's contracts and nothing else.
            { sourceTag: 'type:catalog', onlyDependOnLibsWithTags: ['type:contracts', 'type:kernel'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:kernel'], bannedExternalImports: FRAMEWORKS },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:kernel'], bannedExternalImports: FRAMEWORKS.filter((f) => !f.startsWith('ajv')) },
            { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: [], bannedExternalImports: FRAMEWORKS },
            { sourceTag: 'scope:enrollment', onlyDependOnLibsWithTags: ['scope:enrollment', 'scope:shared'] },
            { sourceTag: 'scope:session-tracking', onlyDependOnLibsWithTags: ['scope:session-tracking', 'scope:shared', 'type:contracts'] },
            { sourceTag: 'scope:recognition', onlyDependOnLibsWithTags: ['scope:recognition', 'scope:shared', 'type:contracts'] },
            { sourceTag: 'scope:analytics', onlyDependOnLibsWithTags: ['scope:analytics', 'scope:shared', 'type:contracts'] },
          ],
        },
      ],
    },
  },
];
