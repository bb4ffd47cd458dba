// Process boundaries, enforced by lint (DESIGN §3). Kept in its own module so a test can run
// exactly these rules against deliberate violations.

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'process',
  'querystring',
  'readline',
  'stream',
  'string_decoder',
  'timers',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

const noElectronOrNode = [
  { group: ['electron', 'electron/*'], message: 'Only main/ and preload/ may import electron.' },
  {
    group: ['node:*', ...nodeBuiltins],
    message: 'Node built-ins belong in main/ (or scripts and tests).',
  },
];

const mainImportsNoOtherProcess = {
  group: ['**/renderer/**', '**/preload/**', '**/test/**'],
  message: 'main/ does not import renderer, preload or test code.',
};

/**
 * The demo back end (main/demo-backend) is a FHIR server in its own process:
 * Node, its npm packages and shared/ only. An import that climbs out of
 * main/demo-backend to anything but shared/ is refused; one rule per folder
 * depth, because the pattern is matched against the import text.
 */
const demoBackendDepths = [
  'main/demo-backend/*.ts',
  'main/demo-backend/*/*.ts',
  'main/demo-backend/*/*/*.ts',
].map((files, depth) => ({
  name: `boundaries/demo-backend-depth-${depth}`,
  files: [files],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['electron', 'electron/*'],
            message: 'The demo back end runs without Electron (a Node child or utility process).',
          },
          mainImportsNoOtherProcess,
          {
            regex: `^${'\\.\\./'.repeat(depth + 1)}(?!\\.\\./shared/)`,
            message:
              'The demo back end imports only its own files and shared/: not main/backend, main/ipc or any other part of main.',
          },
        ],
      },
    ],
  },
}));

/** @type {import('eslint').Linter.Config[]} */
export const boundaryConfigs = [
  {
    name: 'boundaries/shared',
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noElectronOrNode,
            {
              group: ['react', 'react-dom', 'react-dom/*', 'dexie'],
              message: 'shared/ has no DOM or browser storage.',
            },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/test/**'],
              message: 'shared/ imports only shared/ and plain libraries.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'indexedDB',
          'process',
          'Buffer',
          'require',
          '__dirname',
        ].map((name) => ({
          name,
          message: 'shared/ runs in every process: no DOM or Node globals.',
        })),
      ],
    },
  },
  {
    name: 'boundaries/renderer',
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noElectronOrNode,
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The renderer reaches main only through renderer/data/bridge.',
            },
            { group: ['**/test/**'], message: 'App code does not import test code.' },
          ],
        },
      ],
    },
  },
  {
    name: 'boundaries/renderer-bridge',
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/data/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'window',
          property: 'workbench',
          message: 'Only renderer/data/bridge talks to main.',
        },
        {
          object: 'globalThis',
          property: 'workbench',
          message: 'Only renderer/data/bridge talks to main.',
        },
      ],
    },
  },
  {
    name: 'boundaries/preload',
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', ...nodeBuiltins],
              message: 'A sandboxed preload can require nothing but electron.',
            },
            {
              group: ['**/main/**', '**/renderer/**', '**/test/**'],
              message: 'The preload builds on shared/ only.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'boundaries/main',
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            mainImportsNoOtherProcess,
            {
              group: ['**/demo-backend', '**/demo-backend/**'],
              message:
                'The demo back end runs in its own process: main/backend starts it by its entry (process-entry.ts) and never imports it.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "NewExpression[callee.name='BrowserWindow'], NewExpression[callee.property.name='BrowserWindow'], NewExpression[callee.property.value='BrowserWindow']",
          message:
            'Create windows with createWindow() from main/window/create-window.ts, which applies the security baseline.',
        },
        {
          selector: [
            "ImportSpecifier[imported.name='BrowserWindow'][local.name!='BrowserWindow']",
            "ObjectPattern > Property[key.name='BrowserWindow'][value.name!='BrowserWindow']",
            "VariableDeclarator[init.property.name='BrowserWindow'][id.name!='BrowserWindow']",
          ].join(', '),
          message: 'Do not rename BrowserWindow: the window-factory rule looks for it by name.',
        },
      ],
    },
  },
  ...demoBackendDepths,
  {
    name: 'boundaries/window-factory',
    files: ['main/window/create-window.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
];
