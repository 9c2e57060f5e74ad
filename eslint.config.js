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
  { files: ['bin/**/*.js'], languageOptions: { globals: { process: 'readonly', URL: 'readonly' } } },
);
