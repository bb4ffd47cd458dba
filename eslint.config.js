import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { boundaryConfigs } from './eslint.boundaries.js';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      '.stryker-tmp/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'resources/**',
      'test/lint-fixtures/**',
      // Insecure on purpose: `npm run security` checks that the scanner flags it.
      'test/security/canary/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // `(event) => void doThing()` and `return send(...)` read fine; Prettier-style code uses both.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
          message: 'No .only in tests.',
        },
      ],
    },
  },
  {
    files: [
      'renderer/**/*.{ts,tsx}',
      'test/harness/page/**/*.ts',
      'test/unit/renderer/**/*.{ts,tsx}',
    ],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Playwright and benchmark code runs in Node but hands callbacks to the page.
    files: ['test/e2e/**/*.ts', 'test/electron/**/*.ts', 'test/bench/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    // Playwright reads fixture dependencies from the destructuring pattern, so `({}, use)` is required.
    rules: { 'no-empty-pattern': 'off' },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...boundaryConfigs,
);
