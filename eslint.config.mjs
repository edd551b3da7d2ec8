// One lint configuration for the whole workspace (ESLint flat config). Each package's `lint`
// script runs `eslint .` and finds this file by walking up from the files it lints.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.turbo/**', '.tools/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring out a field, fixed callback shapes).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Kysely's convention: migrations (and the migrator that runs them) take Kysely<any>, because a
    // migration must not depend on the schema types of the code that is current when it runs.
    files: ['packages/db/src/migrations/**', 'packages/db/src/migrator/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
