import { z } from 'zod/mini';

/**
 * Imported first, for its side effect, by every page entry (renderer, preload,
 * harness bridge). Pages run under a CSP without `unsafe-eval`; zod 4 probes
 * `new Function` when a schema is built, and although it catches the
 * failure, the browser still reports a CSP violation. Jitless mode skips the
 * probe. It must run before any schema module is evaluated, hence a module of
 * its own imported ahead of the others.
 */
z.config({ jitless: true });
