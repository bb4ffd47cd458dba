import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

/**
 * Three entries in top-level folders (not src/), so every input is explicit.
 * The preload is CommonJS and fully bundled because a sandboxed preload can
 * neither be ESM nor `require()` anything but `electron`.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          index: resolve(root, 'main/index.ts'),
          // The demo back end's own process (an Electron utility process).
          'demo-backend': resolve(root, 'main/demo-backend/process-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    html: { cspNonce: 'CSP_NONCE_PLACEHOLDER' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
        output: {
          codeSplitting: {
            groups: [
              {
                // What every screen needs, in one file: the first paint then waits on two or three
                // requests instead of a dozen small shared chunks (browsers open six at a time).
                // Fluent UI stays out: grouped here, every component any page uses (dialogs, the
                // nav drawer, dropdowns) loaded with the sign-in screen; left to the bundler, each
                // page's chunks carry the components it draws.
                name: 'framework',
                test: /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next|@reduxjs|redux|immer|reselect|react-redux|use-sync-external-store|cookie-es|@remix-run)[\\/]/,
              },
            ],
          },
        },
      },
    },
  },
});
