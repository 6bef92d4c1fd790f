// Lint: typescript-eslint strict (type-aware) plus the layer rules of DESIGN.md "Layers":
// each folder may import only the folders below it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const LAYERS = [
  'errors',
  'clock',
  'config',
  'observability',
  'resources',
  'auth',
  'store',
  'admission',
  'client',
  'runtime',
  'providers',
  'sim',
  'controllers',
  'api',
  'cli',
  'app',
];
const KERNEL = ['errors', 'clock', 'config', 'observability'];

/** Folders each layer may import (relative to src/); everything else is forbidden. */
const ALLOWED = {
  errors: [],
  clock: [],
  config: ['errors'],
  observability: [],
  resources: ['errors'],
  auth: [...KERNEL, 'resources'],
  store: [...KERNEL, 'resources'],
  admission: [...KERNEL, 'resources'],
  client: [...KERNEL, 'resources', 'auth', 'admission', 'store'],
  runtime: [...KERNEL, 'resources', 'client'],
  providers: [...KERNEL, 'resources'],
  sim: [...KERNEL, 'resources', 'providers'],
  controllers: [...KERNEL, 'resources', 'admission', 'client', 'runtime', 'providers'],
  api: [
    ...KERNEL,
    'resources',
    'auth',
    'store',
    'admission',
    'client',
    'runtime',
    'providers',
    'controllers',
  ],
  cli: LAYERS.filter((layer) => layer !== 'cli'),
  app: LAYERS.filter((layer) => layer !== 'cli' && layer !== 'app'),
};
const FORBIDDEN = Object.fromEntries(
  Object.entries(ALLOWED).map(([layer, allowed]) => [
    layer,
    LAYERS.filter((other) => other !== layer && !allowed.includes(other)),
  ]),
);

const layerRules = Object.entries(FORBIDDEN).map(([layer, forbidden]) => ({
  files: [`src/${layer}/**/*.ts`],
  ignores: ['src/**/*.test.ts', 'src/store/conformance/**'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((target) => ({
          group: [`**/${target}/*`, `**/${target}/index.js`, `../${target}`, `../../${target}`],
          message: `src/${layer} must not import src/${target} (DESIGN.md "Layers": dependencies point downward only).`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', 'scratch', 'bin'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-deprecated': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Interface methods are async by contract even when an implementation needs no await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Aborted sleeps reject with the AbortSignal's own reason, as Node's timers/promises do.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (STYLE.md 3.3).' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'src/store/conformance/**'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // Tests read HTTP response bodies (JSON of any shape) field by field; the assertions check them.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Tool configs whose tools require a default export.
    files: [
      'eslint.config.js',
      'vitest.config.ts',
      'vitest.browser.config.ts',
      'src/ui/vite.config.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    // vite.config.ts is build tooling, run by vite, not part of the product's runtime.
    ignores: ['src/config/**', 'src/cli/**', 'src/main.ts', 'src/ui/vite.config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Only config/ and cli/ read process.env (STYLE.md 3.6).',
        },
        {
          object: 'process',
          property: 'argv',
          message: 'Only config/ and cli/ read process.argv (STYLE.md 3.6).',
        },
      ],
    },
  },
  {
    files: ['eslint.config.js', 'scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  ...layerRules,
  {
    // No import cycles between modules (STYLE.md 3.4).
    files: ['src/**/*.ts', 'src/ui/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['./tsconfig.json', './src/ui/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx'],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    // The dashboard (STYLE.md 3.1): a browser bundle that talks to the API over HTTP only. It may
    // import *types* from src/resources and nothing else of src/ outside src/ui.
    files: ['src/ui/**/*.ts', 'src/ui/**/*.tsx'],
    // server-copies.test.ts compares the dashboard's copies with the server's tables.
    ignores: ['src/ui/vite.config.ts', 'src/ui/state/server-copies.test.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/ui',
              from: './src',
              except: ['./ui', './resources'],
              message:
                'src/ui talks to the API over HTTP; it may import only types from src/resources (STYLE.md 3.1).',
            },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/resources/**', '**/resources'],
              allowTypeImports: true,
              message: 'src/ui may import only types from src/resources (use `import type`).',
            },
          ],
        },
      ],
    },
  },
);
