// Lint rules that enforce the architecture (see docs/architecture.md):
// which room may import which, and where `electron` may be imported at all.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noElectronOutsideShell = {
  name: 'electron',
  message:
    'Only electron/main/** and electron/preload/** may import electron; services stay plain Node.',
};

const sharedPurity = [
  { group: ['node:*'], message: 'shared/ is pure TypeScript: no Node modules.' },
  {
    group: ['**/renderer/**', '**/electron/**'],
    message: 'shared/ may not import renderer/ or electron/.',
  },
];

/** The purity rules of shared/ plus the layer rules of one part of it (flat config rules replace, not merge). */
function sharedRule(files, patterns, ignores = []) {
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectronOutsideShell, 'react', 'dexie', 'zustand'],
          patterns: [...sharedPurity, ...patterns],
        },
      ],
    },
  };
}

const rendererPurity = [
  { group: ['node:*'], message: 'The renderer runs in a browser: no Node modules.' },
  {
    group: ['**/electron/**'],
    message: 'renderer/ talks to the shell only through renderer/platform/bridge.ts.',
  },
];

/** The renderer's folders, lowest first: a folder may import only folders listed before it. */
const RENDERER_LAYERS = [
  ['platform', 'db'],
  ['store'],
  ['ui'],
  ['routing'],
  ['files', 'figures'],
  ['factors'],
  ['workshop', 'wall', 'home'],
  ['whys', 'systems'],
  ['app'],
];

function rendererLayerRules() {
  return RENDERER_LAYERS.flatMap((layer, index) => {
    const above = RENDERER_LAYERS.slice(index + 1).flat();
    const peers = layer.length > 1 ? layer : [];
    return layer.map((folder) => {
      const forbidden = [...above, ...peers.filter((p) => p !== folder)];
      return {
        files: [`renderer/${folder}/**/*.{ts,tsx}`],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              paths: [noElectronOutsideShell],
              patterns: [
                ...rendererPurity,
                ...(forbidden.length
                  ? [
                      {
                        group: forbidden.map((f) => `../${f}/*`),
                        message: `renderer/${folder} may not import ${forbidden.join(', ')} (see RENDERER_LAYERS in eslint.config.js).`,
                      },
                    ]
                  : []),
              ],
            },
          ],
        },
      };
    });
  });
}

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-electron',
      'release',
      'test-results',
      'playwright-report',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  // shared/ is layered one way: base <- features <- registry <- pipeline (docs/architecture.md).
  sharedRule(['shared/**/*.ts'], []),
  sharedRule(
    ['shared/base/**/*.ts'],
    [{ group: ['../*'], message: 'shared/base knows no feature, registry or pipeline.' }],
  ),
  sharedRule(
    ['shared/**/*.ts'],
    [
      {
        group: ['**/registry*', '**/pipeline/**'],
        message:
          'A feature imports only shared/base and other features; never the registry or the pipeline.',
      },
    ],
    ['shared/base/**', 'shared/pipeline/**', 'shared/registry.ts'],
  ),
  sharedRule(
    ['shared/registry.ts'],
    [
      {
        group: ['**/pipeline/**'],
        message: 'The registry composes features; the pipeline builds on it.',
      },
    ],
  ),
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectronOutsideShell],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a browser: no Node modules.' },
            {
              group: ['**/electron/**'],
              message: 'renderer/ talks to the shell only through renderer/platform/bridge.ts.',
            },
          ],
        },
      ],
    },
  },
  ...rendererLayerRules(),
  {
    files: ['electron/**/*.{ts,cts}'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectronOutsideShell],
          patterns: [{ group: ['**/renderer/**'], message: 'electron/ may not import renderer/.' }],
        },
      ],
    },
  },
  {
    // A CommonJS preload (.cts) must load electron with `import x = require()`; nothing else.
    files: ['electron/preload/**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allow: ['^electron$'] }] },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.cts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/renderer/**'], message: 'electron/ may not import renderer/.' }],
        },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,tsx}', '*.config.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
