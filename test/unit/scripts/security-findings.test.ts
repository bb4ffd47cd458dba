import { execFile } from 'node:child_process';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  CANARY_CHECKS,
  compareWithAccepted,
  engDisableLines,
  findingLine,
  missingChecks,
  parseAcceptedFindings,
  parseSarif,
  type AcceptedFinding,
  type Finding,
} from '../../../scripts/security/electronegativity.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');
const DRIVER = join(ROOT, 'scripts/security/scan-driver.ts');

/** The file Electronegativity 1.10.3 scanned to write security-fixtures/window.sarif.json. */
const WINDOW_TS = `import { BrowserWindow, shell } from 'electron';

export function openWindow(url: string): BrowserWindow {
  const window = new BrowserWindow({
    webPreferences: { contextIsolation: false, sandbox: true },
  });
  void shell.openExternal(url);
  return window;
}
`;
const sarif = await readFile(
  join(import.meta.dirname, 'security-fixtures/window.sarif.json'),
  'utf8',
);
const readWindow = (file: string) => (file === 'src/window.ts' ? WINDOW_TS : null);

const finding = (check: string, source: string, line = 4): Finding => ({
  check,
  file: 'main/window/create-window.ts',
  line,
  message: 'Review it',
  source,
});
const entry = (check: string, match: string): AcceptedFinding => ({
  check,
  file: 'main/window/create-window.ts',
  match,
  reason: 'options come from a tested function',
});

describe('parseSarif', () => {
  it('reads each finding of a real report with its check, file, line and flagged text', () => {
    const findings = parseSarif(sarif, readWindow);
    expect(findings.filter((f) => f.file !== null)).toEqual([
      {
        check: 'AUXCLICK_JS_CHECK',
        file: 'src/window.ts',
        line: 4,
        message: expect.stringContaining('Middle-click') as string,
        source: 'const window = new BrowserWindow({',
      },
      {
        check: 'CONTEXT_ISOLATION_JS_CHECK',
        file: 'src/window.ts',
        line: 5,
        message: 'Review the use of the contextIsolation option',
        source: 'webPreferences: { contextIsolation: false, sandbox: true },',
      },
      {
        check: 'OPEN_EXTERNAL_JS_CHECK',
        file: 'src/window.ts',
        line: 7,
        message: 'Review the use of openExternal',
        source: 'void shell.openExternal(url);',
      },
    ]);
  });

  it('gives checks about the whole app no file and no text', () => {
    const whole = parseSarif(sarif, readWindow).filter((f) => f.file === null);
    expect(whole.map((f) => [f.check, f.source])).toEqual([
      ['CSP_GLOBAL_CHECK', ''],
      ['LIMIT_NAVIGATION_GLOBAL_CHECK', ''],
      ['PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', ''],
    ]);
  });

  it('refuses what is not one scan’s SARIF instead of reading it as a clean scan', () => {
    expect(() => parseSarif('{}', readWindow)).toThrow();
    expect(() => parseSarif('issue, severity, confidence', readWindow)).toThrow();
    const noLocation = JSON.stringify({
      runs: [{ results: [{ ruleId: 'X', message: { text: 'x' }, locations: [] }] }],
    });
    expect(() => parseSarif(noLocation, readWindow)).toThrow();
  });

  it('fails when a flagged line is not in the scanned files', () => {
    expect(() => parseSarif(sarif, () => null)).toThrow(/src\/window\.ts:4/);
  });
});

describe('compareWithAccepted', () => {
  it('accepts a finding by check, file and text, wherever its line moves', () => {
    const moved = finding('SANDBOX_JS_CHECK', 'const window = new BrowserWindow(', 40);
    const result = compareWithAccepted(
      [moved],
      [entry('SANDBOX_JS_CHECK', '  const window =  new BrowserWindow(')],
    );
    expect(result).toEqual({ unaccepted: [], accepted: [moved], stale: [] });
  });

  it('reports a finding whose text, check or file differs from every entry as new', () => {
    const accepted = [entry('SANDBOX_JS_CHECK', 'const window = new BrowserWindow(')];
    const changed = finding('SANDBOX_JS_CHECK', 'const other = new BrowserWindow(');
    const otherCheck = finding('CONTEXT_ISOLATION_JS_CHECK', 'const window = new BrowserWindow(');
    const otherFile = {
      ...finding('SANDBOX_JS_CHECK', 'const window = new BrowserWindow('),
      file: 'main/x.ts',
    };
    const result = compareWithAccepted([changed, otherCheck, otherFile], accepted);
    expect(result.unaccepted).toEqual([changed, otherCheck, otherFile]);
    expect(result.stale).toEqual(accepted);
  });

  it('names entries that no finding matches any more as stale', () => {
    const used = entry('SANDBOX_JS_CHECK', 'a');
    const gone = entry('OPEN_EXTERNAL_JS_CHECK', 'shell.openExternal(url)');
    const result = compareWithAccepted([finding('SANDBOX_JS_CHECK', 'a')], [used, gone]);
    expect(result.stale).toEqual([gone]);
  });
});

describe('parseAcceptedFindings', () => {
  it('reads the reviewed file', async () => {
    const json: unknown = JSON.parse(
      await readFile(join(ROOT, 'test/security/accepted-findings.json'), 'utf8'),
    );
    expect(() => parseAcceptedFindings(json)).not.toThrow();
  });

  it('refuses an entry without a reason, or with a field it does not know', () => {
    const base = { check: 'SANDBOX_JS_CHECK', file: 'main/a.ts', match: 'x' };
    expect(() => parseAcceptedFindings([{ ...base, reason: '' }])).toThrow();
    expect(() => parseAcceptedFindings([{ ...base, reason: 'long enough', line: 4 }])).toThrow();
  });
});

describe('missingChecks and the report lines', () => {
  it('names the expected checks a scan did not report', () => {
    const findings = [finding('SANDBOX_JS_CHECK', 'x'), finding('WEB_SECURITY_JS_CHECK', 'y')];
    expect(missingChecks(findings, ['SANDBOX_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK'])).toEqual([
      'NODE_INTEGRATION_JS_CHECK',
    ]);
  });

  it('prints a finding on one line: check, file:line, what, and the flagged text', () => {
    const line = findingLine(finding('SANDBOX_JS_CHECK', 'const w = new BrowserWindow(', 31));
    expect(line).toBe(
      'SANDBOX_JS_CHECK  main/window/create-window.ts:31  Review it — const w = new BrowserWindow(',
    );
    expect(findingLine({ ...finding('CSP_GLOBAL_CHECK', ''), file: null })).toBe(
      'CSP_GLOBAL_CHECK  (whole app)  Review it',
    );
  });

  it('finds eng-disable comments, which would hide findings from the report', () => {
    const text = 'a();\nshell.openExternal(u); // eng-disable OPEN_EXTERNAL_JS_CHECK\n';
    expect(engDisableLines('main/a.ts', text)).toEqual(['main/a.ts:2']);
  });
});

describe('the scan driver (real Electronegativity, offline)', () => {
  const temp = useTempDir('wb-security');

  it('reports every check the canary is there to trip', async () => {
    const report = join(temp.path, 'canary.sarif');
    await run(process.execPath, [DRIVER, join(ROOT, 'test/security/canary'), report, '45.5.0']);
    const canary = await readFile(join(ROOT, 'test/security/canary/insecure-window.ts'), 'utf8');
    const findings = parseSarif(await readFile(report, 'utf8'), (file) =>
      file === 'insecure-window.ts' ? canary : null,
    );
    expect(missingChecks(findings, CANARY_CHECKS)).toEqual([]);
  });

  it('fails, naming the file, when it cannot parse one instead of leaving it out', async () => {
    await mkdir(join(temp.path, 'src'));
    await writeFile(join(temp.path, 'src/broken.ts'), 'const x = ;\n');
    let failed: { code?: unknown; stderr?: unknown } | null = null;
    try {
      await run(process.execPath, [
        DRIVER,
        join(temp.path, 'src'),
        join(temp.path, 'r.sarif'),
        '45.5.0',
      ]);
    } catch (error: unknown) {
      failed = error as { code?: unknown; stderr?: unknown };
    }
    expect(failed?.code).toBe(1);
    expect(String(failed?.stderr)).toContain('could not parse');
    expect(String(failed?.stderr)).toContain('broken.ts');
  });
});
