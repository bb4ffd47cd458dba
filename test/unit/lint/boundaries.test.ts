import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

let eslint: ESLint;

beforeAll(async () => {
  // A .js module without types: imported by URL so the test sees exactly what eslint.config.js uses.
  const { boundaryConfigs } = (await import(
    pathToFileURL(join(ROOT, 'eslint.boundaries.js')).href
  )) as { boundaryConfigs: Linter.Config[] };
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts', '**/*.tsx'],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: { ecmaFeatures: { jsx: true } },
        },
      },
      ...boundaryConfigs,
    ],
  });
});

/** The boundary rules that fire for `code` at `file` (relative to the repo). */
async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  const messages = result?.messages ?? [];
  const fatal = messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`could not parse the probe: ${fatal[0]?.message}`);
  return messages.map((message) => message.ruleId ?? 'unknown');
}

describe('shared/ stays free of electron, node, the DOM and other processes', () => {
  it.each([
    ['electron', "import { app } from 'electron';"],
    ['an electron subpath', "import x from 'electron/main';"],
    ['node:fs', "import { readFile } from 'node:fs';"],
    ['fs', "import fs from 'fs';"],
    ['fs/promises', "import { readFile } from 'fs/promises';"],
    ['re-exported node:path', "export { join } from 'node:path';"],
    ['a type-only electron import', "import type { App } from 'electron';"],
    ['react', "import { useState } from 'react';"],
    ['dexie', "import Dexie from 'dexie';"],
    ['main code', "import { x } from '../../main/x.ts';"],
    ['renderer code', "import { x } from '../../renderer/data/bridge.ts';"],
    ['preload code', "import { x } from '../../preload/index.ts';"],
  ])('reports importing %s', async (_what, code) => {
    expect(await violations('shared/ipc/probe.ts', code)).toContain('no-restricted-imports');
  });

  it('reports a main import one folder up', async () => {
    expect(await violations('shared/probe.ts', "import { x } from '../main/x.ts';")).toContain(
      'no-restricted-imports',
    );
  });

  it.each([
    ['window', 'export const here = window.location.href;'],
    ['document', 'export const title = document.title;'],
    ['process', 'export const env = process.env.NODE_ENV;'],
    ['Buffer', "export const bytes = Buffer.from('x');"],
    ['require', "export const fs = require('fs');"],
    ['localStorage', "export const v = localStorage.getItem('k');"],
  ])('reports using the global %s', async (_what, code) => {
    expect(await violations('shared/domain/probe.ts', code)).toContain('no-restricted-globals');
  });

  it('allows zod, sibling modules and standard JavaScript', async () => {
    const code = [
      "import { z } from 'zod';",
      "import { invokeContract } from './contract.ts';",
      "import type { Settings } from '../ipc/schemas.ts';",
      'export const s = z.string();',
      'export const n = new Intl.NumberFormat("da-DK").format(1);',
      'export const keys = Object.keys(invokeContract);',
      'export type T = Settings;',
    ].join('\n');
    expect(await violations('shared/ipc/probe.ts', code)).toEqual([]);
  });
});

describe('renderer/ reaches main only through renderer/data', () => {
  const component = 'renderer/features/caseload/CaseloadProbe.tsx';

  it.each([
    ['main code', "import { x } from '../../../main/x.ts';"],
    ['main code two levels up', "import { x } from '../../main/x.ts';"],
    ['electron', "import { ipcRenderer } from 'electron';"],
    ['preload code', "import { x } from '../../preload/x.ts';"],
    ['node:fs', "import { readFileSync } from 'node:fs';"],
    ['test code', "import { x } from '../../../test/support/temp-dir.ts';"],
  ])('reports importing %s', async (_what, code) => {
    expect(await violations(component, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['window.workbench', 'export const api = window.workbench;'],
    ['a call through window.workbench', 'export const p = window.workbench?.appInfo();'],
    ["window['workbench']", "export const api = window['workbench'];"],
    ['destructuring window', 'export const { workbench } = window;'],
    ['globalThis.workbench', 'export const api = globalThis.workbench;'],
  ])('reports a component reading %s', async (_what, code) => {
    expect(await violations(component, code)).toContain('no-restricted-properties');
  });

  it('allows renderer/data to read window.workbench', async () => {
    expect(
      await violations('renderer/data/bridge.ts', 'export const api = window.workbench;'),
    ).toEqual([]);
  });

  it('allows components to use shared code and the data layer', async () => {
    const code = [
      "import { useState } from 'react';",
      "import { formatDate } from '../../../shared/format/datetime.ts';",
      "import { workbenchBridge } from '../../data/bridge.ts';",
      'export function Probe() { const [x] = useState(formatDate(new Date())); return <p>{x}</p>; }',
      'export const b = workbenchBridge;',
    ].join('\n');
    expect(await violations(component, code)).toEqual([]);
  });
});

describe('preload/ requires nothing but electron and shared code', () => {
  it.each([
    ['node:fs', "import { readFileSync } from 'node:fs';"],
    ['fs', "import fs from 'fs';"],
    ['child_process', "import { exec } from 'child_process';"],
    ['main code', "import { x } from '../main/x.ts';"],
    ['renderer code', "import { x } from '../renderer/x.ts';"],
  ])('reports importing %s', async (_what, code) => {
    expect(await violations('preload/index.ts', code)).toContain('no-restricted-imports');
  });

  it('allows electron and shared code', async () => {
    const code = [
      "import { contextBridge, ipcRenderer } from 'electron';",
      "import { createWorkbenchApi } from '../shared/ipc/workbench-api.ts';",
      "contextBridge.exposeInMainWorld('workbench', createWorkbenchApi((c, r) => ipcRenderer.invoke(c, r)));",
    ].join('\n');
    expect(await violations('preload/index.ts', code)).toEqual([]);
  });
});

describe('main/ builds windows only through the window factory', () => {
  it.each([
    ['new BrowserWindow()', "import { BrowserWindow } from 'electron';\nnew BrowserWindow();"],
    [
      'new electron.BrowserWindow()',
      "import * as electron from 'electron';\nnew electron.BrowserWindow({});",
    ],
    [
      "new electron['BrowserWindow']()",
      "import electron from 'electron';\nnew electron['BrowserWindow']({});",
    ],
    [
      'a renamed import',
      "import { BrowserWindow as Window } from 'electron';\nexport const w = Window;",
    ],
    [
      'a renamed destructured binding',
      "import electron from 'electron';\nconst { BrowserWindow: Window } = electron;\nnew Window();",
    ],
    [
      'an alias assigned from electron.BrowserWindow',
      "import electron from 'electron';\nconst Window = electron.BrowserWindow;\nnew Window();",
    ],
  ])('reports %s outside main/window/create-window.ts', async (_what, code) => {
    expect(await violations('main/video/open-video.ts', code)).toContain('no-restricted-syntax');
  });

  it('allows new BrowserWindow in the window factory', async () => {
    const code =
      "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({});";
    expect(await violations('main/window/create-window.ts', code)).toEqual([]);
  });

  it('allows main to use BrowserWindow without constructing it', async () => {
    const code = [
      "import { BrowserWindow } from 'electron';",
      'export const all = BrowserWindow.getAllWindows();',
    ].join('\n');
    expect(await violations('main/index.ts', code)).toEqual([]);
  });

  it('reports main importing renderer or preload code', async () => {
    for (const code of [
      "import { x } from '../renderer/app/store.ts';",
      "import { x } from '../preload/index.ts';",
    ]) {
      expect(await violations('main/index.ts', code)).toContain('no-restricted-imports');
    }
  });
});

describe('the demo back end imports only Node, its packages, shared/ and itself', () => {
  it.each([
    ['main/demo-backend/start-server.ts', 'electron', "import { app } from 'electron';"],
    ['main/demo-backend/http/dispatch.ts', 'electron/main', "import x from 'electron/main';"],
    [
      'main/demo-backend/dataset.ts',
      'main/session',
      "import type { X } from '../session/session-manager.ts';",
    ],
    [
      'main/demo-backend/process-entry.ts',
      'main/backend',
      "import { x } from '../backend/backend-state.ts';",
    ],
    [
      'main/demo-backend/http/dispatch.ts',
      'main/ipc',
      "import { x } from '../../ipc/handlers.ts';",
    ],
    [
      'main/demo-backend/store/write-path.ts',
      'main/runtime.ts',
      "import { x } from '../../runtime.ts';",
    ],
    [
      'main/demo-backend/generator/sink.ts',
      'renderer code',
      "import { x } from '../../../renderer/data/bridge.ts';",
    ],
    [
      'main/demo-backend/search/paging.ts',
      'preload code',
      "import { x } from '../../../preload/index.ts';",
    ],
    [
      'main/demo-backend/search/paging.ts',
      'test code',
      "import { x } from '../../../test/support/temp-dir.ts';",
    ],
    [
      'main/demo-backend/generator/a/b.ts',
      'main/ from a deeper folder',
      "import { x } from '../../../fhir-gateway/service-map.ts';",
    ],
  ])('reports %s importing %s', async (file, _what, code) => {
    expect(await violations(file, code)).toContain('no-restricted-imports');
  });

  it('allows node built-ins, npm packages, shared/ and its own folders', async () => {
    const probes: [string, string][] = [
      [
        'main/demo-backend/start-server.ts',
        [
          "import { randomUUID } from 'node:crypto';",
          "import { z } from 'zod';",
          "import type { Resource } from '@medplum/fhirtypes';",
          "import type { PersonaRecord } from '../../shared/domain/persona-record.ts';",
          "import { loadDataset } from './dataset.ts';",
          "import { FhirHttpError } from './fhir/fhir-error.ts';",
        ].join('\n'),
      ],
      [
        'main/demo-backend/search/paging.ts',
        [
          "import type { Clock } from '../../../shared/time/clock.ts';",
          "import type { BackendContext } from '../backend-context.ts';",
          "import { jsonReply } from '../fhir/replies.ts';",
          "import { ResourceStore } from '../store/resource-store.ts';",
        ].join('\n'),
      ],
    ];
    for (const [file, code] of probes) expect(await violations(file, code)).toEqual([]);
  });
});

describe('main/ reaches the demo back end only by starting its process', () => {
  it.each([
    ['main/backend/start-fhir-backend.ts', "import { x } from '../demo-backend/start-server.ts';"],
    ['main/index.ts', "import { x } from './demo-backend/dataset.ts';"],
    ['main/ipc/handlers.ts', "import type { X } from '../demo-backend/backend-context.ts';"],
  ])('reports %s importing demo back end code', async (file, code) => {
    expect(await violations(file, code)).toContain('no-restricted-imports');
  });
});

describe('the real eslint.config.js', () => {
  it.each([
    ['shared/ipc/contract.ts', 'no-restricted-imports'],
    ['shared/ipc/contract.ts', 'no-restricted-globals'],
    ['renderer/app/Shell.tsx', 'no-restricted-imports'],
    ['renderer/app/Shell.tsx', 'no-restricted-properties'],
    ['preload/index.ts', 'no-restricted-imports'],
    ['main/index.ts', 'no-restricted-syntax'],
  ])('applies the boundary rules to %s (%s)', async (file, rule) => {
    const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(file)) as Linter.Config;
    const setting = config.rules?.[rule];
    const severity = Array.isArray(setting) ? setting[0] : setting;
    expect([2, 'error']).toContain(severity);
  });

  it('keeps the BrowserWindow rule on for main/ (not replaced by a later config)', async () => {
    const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(
      'main/index.ts',
    )) as Linter.Config;
    expect(JSON.stringify(config.rules?.['no-restricted-syntax'])).toContain('BrowserWindow');
  });
  it.each(['main/demo-backend/start-server.ts', 'main/demo-backend/http/dispatch.ts'])(
    'fences %s with the demo back end rule (not replaced by a later config)',
    async (file) => {
      const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(
        file,
      )) as Linter.Config;
      expect(JSON.stringify(config.rules?.['no-restricted-imports'])).toContain(
        'The demo back end imports only its own files and shared/',
      );
    },
  );
});
