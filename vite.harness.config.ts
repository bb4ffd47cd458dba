import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The web harness's page bridge, built apart from the app so it can never be
 * packaged with it (electron-builder ships out/main, out/preload and
 * out/renderer only).
 */
export default defineConfig({
  build: {
    outDir: resolve(import.meta.dirname, 'out/harness'),
    emptyOutDir: true,
    minify: true,
    lib: {
      entry: resolve(import.meta.dirname, 'test/harness/page/bridge.ts'),
      formats: ['iife'],
      name: 'workbenchHarnessBridge',
      fileName: () => 'bridge.js',
    },
  },
});
