/**
 * First step of `npm test` (and of the browser-only scripts): without the
 * Chromium the browser tests launch, stop at once with one line naming what
 * to install, instead of every browser test failing on its own.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_PATH } from '../playwright.config.ts';

/** Why the browser at `path` cannot be used, in one line; null when it can. */
export function chromiumProblem(path: string): string | null {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return (
      `Chromium is not installed at ${path}: install it (Debian: apt-get install chromium) ` +
      'or set CHROMIUM_PATH to a Chromium executable.'
    );
  }
  if (!isFile) return `${path} is not a file: set CHROMIUM_PATH to a Chromium executable.`;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return `${path} is not executable: set CHROMIUM_PATH to a Chromium executable.`;
  }
  return null;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problem = chromiumProblem(CHROMIUM_PATH);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
