import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', '.tmp/**', 'node_modules/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { project: ['./tsconfig.json', './web/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // SQL lives in repositories (and migrations, and the drivers): a query or COPY anywhere else in src is an error.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.repository.ts', 'src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(query|copyFrom)$/]',
          message: 'SQL belongs in a *.repository.ts file of the module that owns the table (docs/ARCHITECTURE.md).',
        },
      ],
    },
  },
  {
    // A response schema is the whitelist of what reaches a client: routes never answer "anything".
    files: ['src/**/*.routes.ts', 'src/**/*.schemas.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='z'][callee.property.name='any']",
          message: 'Declare the response shape; z.any() lets anything through.',
        },
        {
          selector: 'CallExpression[callee.property.name=/^(query|copyFrom)$/]',
          message: 'SQL belongs in a *.repository.ts file of the module that owns the table (docs/ARCHITECTURE.md).',
        },
      ],
    },
  },
  {
    // A module reaches another only through its doors: its service (use cases), its schemas (shapes),
    // its repository (the owner's data, for reads and the writes the owner offers). Routes, files,
    // exports, staging, presenters and runners are a module's own.
    files: ['src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*/*', '!../../**', '!../*/*.service.js', '!../*/*.schemas.js', '!../*/*.repository.js', '!../*/index.js'],
              message: 'Import another module only through its *.service.ts, *.schemas.ts or *.repository.ts (docs/ARCHITECTURE.md).',
            },
            { group: ['../*/*/**', '!../../**'], message: 'Import another module only through its top-level doors.' },
          ],
        },
      ],
    },
  },
  {
    // Below the modules: domain rules, access, db, files and http never import a feature module.
    files: ['src/domain/**/*.ts', 'src/access/**/*.ts', 'src/db/**/*.ts', 'src/files/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/modules/**', '**/http/**', '**/cli/**'], message: 'Shared layers never import features, HTTP or the CLI.' }] },
      ],
    },
  },
  {
    // The domain is pure: no database, no files, no network.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/db/**', '**/access/**', '**/files/**', '**/modules/**', '**/http/**', '**/cli/**'], message: 'Domain rules are pure.' }],
          paths: ['node:fs', 'node:fs/promises', 'pg', '@electric-sql/pglite'].map((name) => ({ name, message: 'Domain rules are pure.' })),
        },
      ],
    },
  },
  {
    // The web app imports server code only from response schemas (as types) and pure domain rules.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!domain/[^/]+\\.js$|modules/[^/]+/[^/]+\\.schemas\\.js$)',
              message: 'The web imports server code only from *.schemas.ts files and src/domain (docs/ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // A file that grows past this is doing several things: split it by use case.
    files: ['src/**/*.ts', 'web/src/**/*.tsx'],
    ignores: ['src/db/tables.ts', 'src/db/migrations/**'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  { files: ['bin/**/*.js', 'tools/**/*.mjs'], languageOptions: { globals: { process: 'readonly', URL: 'readonly', console: 'readonly' } } },
);
