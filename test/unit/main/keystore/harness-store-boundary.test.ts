import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The harness key store keeps keys unwrapped; it must never reach the app.
 * Two fences keep it out: main/ may not import test/ (lint), and the
 * packager ships only the built app (electron-builder.yml).
 */
const ROOT = join(import.meta.dirname, '../../../..');

let eslint: ESLint;

beforeAll(async () => {
  const { boundaryConfigs } = (await import(
    pathToFileURL(join(ROOT, 'eslint.boundaries.js')).href
  )) as { boundaryConfigs: Linter.Config[] };
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
      },
      ...boundaryConfigs,
    ],
  });
});

async function rulesFired(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? 'fatal');
}

describe('the harness-only key store stays out of the app', () => {
  it.each([
    [
      'main/runtime.ts',
      "import { createHarnessKeyStore } from '../test/harness/server/harness-key-store.ts';",
    ],
    [
      'main/keystore/electron-key-store.ts',
      "import { createHarnessKeyStore } from '../../test/harness/server/harness-key-store.ts';",
    ],
    [
      'main/keystore/electron-key-store.ts',
      "export { createHarnessKeyStore } from '../../test/harness/server/harness-key-store.ts';",
    ],
    [
      'main/index.ts',
      "import type { KeyStore } from '../test/harness/server/harness-key-store.ts';",
    ],
  ])('lint refuses %s importing it', async (file, code) => {
    expect(await rulesFired(file, code)).toContain('no-restricted-imports');
  });

  it('lint lets main/ import its own key store', async () => {
    expect(
      await rulesFired(
        'main/runtime.ts',
        "import { createMemoryKeyStore } from './keystore/memory-key-store.ts';",
      ),
    ).toEqual([]);
  });

  it('the packager ships only the built app, never test/ or the harness build', async () => {
    const yml = await readFile(join(ROOT, 'electron-builder.yml'), 'utf8');
    const lines = yml.split('\n');
    const start = lines.findIndex((line) => line.trim() === 'files:');
    expect(start).toBeGreaterThanOrEqual(0);
    const entries: string[] = [];
    for (const line of lines.slice(start + 1)) {
      const item = /^\s+-\s+'?([^']+?)'?\s*$/.exec(line);
      if (!item) break;
      entries.push(item[1]!);
    }
    const included = entries.filter((entry) => !entry.startsWith('!'));
    expect(included.length).toBeGreaterThan(0);
    for (const entry of included)
      expect(entry).toMatch(/^(out\/(main|preload|renderer)\/\*\*|package\.json)$/);
    expect(entries).toContain('!out/harness/**');
    // Nothing else in the file adds sources (extraResources carries only the FUT guide's JSON).
    expect(yml).not.toMatch(/^\s+-\s+'?test\//m);
    expect(yml).not.toMatch(/from:\s*test\//);
  });

  it('the main build’s inputs are main/ files only', async () => {
    const config = await readFile(join(ROOT, 'electron.vite.config.ts'), 'utf8');
    const mainSection = /main:\s*\{([\s\S]*?)\n {2}\},\n {2}preload:/.exec(config)?.[1] ?? '';
    const inputs = [...mainSection.matchAll(/resolve\(root, '([^']+)'\)/g)].map((m) => m[1]!);
    expect(inputs).toContain('main/index.ts');
    for (const input of inputs.filter((path) => path !== 'out/main'))
      expect(input).toMatch(/^main\//);
  });
});
