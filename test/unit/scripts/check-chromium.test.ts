import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { chromiumProblem } from '../../../scripts/check-chromium.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, '../../../scripts/check-chromium.ts');

describe('the Chromium check before the tests', () => {
  const temp = useTempDir('wb-chromium');

  it('names what to install when there is no browser at the path', () => {
    const problem = chromiumProblem(join(temp.path, 'chromium'));
    expect(problem).toContain('apt-get install chromium');
    expect(problem).toContain('CHROMIUM_PATH');
  });

  it('refuses a folder and a file that cannot be run', async () => {
    await mkdir(join(temp.path, 'folder'));
    expect(chromiumProblem(join(temp.path, 'folder'))).toContain('not a file');
    await writeFile(join(temp.path, 'plain'), '');
    await chmod(join(temp.path, 'plain'), 0o644);
    // Root may run anything: the check is only meaningful for other users.
    if (process.getuid?.() !== 0)
      expect(chromiumProblem(join(temp.path, 'plain'))).toContain('not executable');
  });

  it('accepts an executable file', async () => {
    await writeFile(join(temp.path, 'chromium'), '#!/bin/sh\n');
    await chmod(join(temp.path, 'chromium'), 0o755);
    expect(chromiumProblem(join(temp.path, 'chromium'))).toBeNull();
  });

  it('stops with one line and a failing exit code, before anything else in npm test', async () => {
    let failed: { code?: unknown; stderr?: unknown } | null = null;
    try {
      await run(process.execPath, [SCRIPT], {
        env: { ...process.env, CHROMIUM_PATH: join(temp.path, 'missing') },
      });
    } catch (error: unknown) {
      failed = error as { code?: unknown; stderr?: unknown };
    }
    expect(failed?.code).toBe(1);
    expect(String(failed?.stderr).trim().split('\n')).toEqual([
      expect.stringContaining('apt-get install chromium'),
    ]);
    const scripts = (
      JSON.parse(await readFile(join(import.meta.dirname, '../../../package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts.test?.startsWith('node scripts/check-chromium.ts && ')).toBe(true);
  });
});
