import { join } from 'node:path';
import { test } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.ts';

export const ROOT = join(import.meta.dirname, '../..');

const binary = findElectronBinary(ROOT);
if ('missing' in binary) {
  console.log(
    `[electron tests] skipped: Electron binary not available on this machine (${binary.missing}).`,
  );
}

/** The Electron binary's path, or skips the calling test naming why it is missing. */
export function electronOrSkip(): string {
  if ('missing' in binary) {
    test.skip(
      true,
      `Electron binary not available on this machine (${binary.missing}); these tests run where it can be downloaded.`,
    );
    return '';
  }
  return binary.path;
}
