import { defineConfig } from 'vitest/config';

/**
 * The unit tests `npm run mutation` runs against each mutant: those of the
 * code it mutates (shared/ and renderer/data/model/), nothing that needs a
 * server, a browser or a database.
 */
export default defineConfig({
  test: {
    include: [
      'test/unit/shared/**/*.test.ts',
      'test/unit/renderer/data/*.test.ts',
      'test/unit/renderer/data/model/**/*.test.ts',
    ],
    environment: 'node',
    restoreMocks: true,
  },
});
