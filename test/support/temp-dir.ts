import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh folder under the OS temp dir for each test, removed afterwards.
 * Call at describe level; read `.path` inside the test.
 */
export function useTempDir(prefix: string): { readonly path: string } {
  let current: string | null = null;
  beforeEach(async () => {
    current = await mkdtemp(join(tmpdir(), `${prefix}-`));
  });
  afterEach(async () => {
    if (current) await rm(current, { recursive: true, force: true });
    current = null;
  });
  return {
    get path(): string {
      if (!current) throw new Error('useTempDir: read .path inside a test');
      return current;
    },
  };
}
