import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'coverage'] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx,js}'],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The engine is deterministic: no wall clock, no unseeded randomness, no DOM.
    // So are exam questions: a template and a seed always give the same question; and lessons.
    files: [
      'src/engine/**/*.ts',
      'src/scenarios/**/*.ts',
      'src/quiz/**/*.ts',
      'src/lessons/**/*.ts',
    ],
    ignores: ['**/*.test.ts', 'src/quiz/quiz.worker.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded RNG in src/engine/rng.ts.' },
        {
          object: 'Date',
          property: 'now',
          message: 'Simulated time only: the engine has no wall clock.',
        },
        {
          object: 'performance',
          property: 'now',
          message: 'Simulated time only: the engine has no wall clock.',
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'setTimeout', 'setInterval'],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Simulated time only: the engine has no wall clock.',
        },
      ],
    },
  },
);
