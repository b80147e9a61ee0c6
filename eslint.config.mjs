import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The layering rules (docs/architecture.md): src/core runs in browsers, workers and Node
 * alike, so it imports no other layer and no Node-only module; a solver is reached through
 * its folder's index.ts (and the registry), never through its files.
 */
const OTHER_LAYERS = {
  group: ['**/renderer/**', '**/workers/**', '**/main/**', '**/cli/**', '**/preload/**'],
  message: 'src/core imports nothing from renderer, workers, main, preload or cli.',
};
const NODE_ONLY = {
  group: [
    'node:*',
    'fs',
    'fs/*',
    'path',
    'os',
    'child_process',
    'worker_threads',
    'crypto',
    'electron',
    'electron/*',
  ],
  message: 'src/core runs in browsers and workers too: no Node-only modules.',
};
const LANG_KNOWS_NO_SOLVER = {
  group: ['**/solvers/**', '**/solvers'],
  message: 'the language layer knows no solver: solver-specific code generation lives in its solver folder.',
};
const SOLVER_INTERNALS = {
  group: ['**/solvers/*/*', '!**/solvers/*/index'],
  message: "a solver's files are its own: import its folder's index.ts (or use the registry).",
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist-web/', 'test-results/', '.preview-lead/', '.preview-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/solvers/*/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [OTHER_LAYERS, NODE_ONLY, SOLVER_INTERNALS] }] },
  },
  {
    files: ['src/core/lang/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [OTHER_LAYERS, NODE_ONLY, SOLVER_INTERNALS, LANG_KNOWS_NO_SOLVER] },
      ],
    },
  },
  {
    // Inside a solver's folder its own files are fair game; the other layers still are not.
    files: ['src/core/solvers/*/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [OTHER_LAYERS, NODE_ONLY] }] },
  },
  {
    // Core runs in browsers and workers too, and a run must not depend on the shell it
    // was started from: what matters is a solver setting, the rest a measured constant.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process']",
          message: 'src/core reads no environment (process.*): make it a setting or a measured constant.',
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/workers/**/*.ts', 'src/cli/**/*.ts', 'src/main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SOLVER_INTERNALS] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
);
