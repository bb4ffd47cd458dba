/**
 * `npm run security`, early in `npm test`: Electronegativity over the app's
 * sources, held against test/security/accepted-findings.json; the same scan
 * over a deliberately insecure canary, which must trip every check in
 * CANARY_CHECKS; and `npm audit` of the runtime dependencies, held against
 * test/security/audit-allowlist.json. Exits 1 on any problem
 * (docs/dev/security-scan.md). SARIF reports: out/security/.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  engDisableLines,
  parseAcceptedFindings,
  parseSarif,
} from './security/electronegativity.ts';
import { parseAllowlist, parseAuditOutput } from './security/npm-audit.ts';
import { securityReport, type ScanOutcome, type SecurityReport } from './security/report.ts';

const root = join(import.meta.dirname, '..');
/** What ships: the four process folders, and package.json for its scripts. */
const APP_SOURCES = ['main', 'preload', 'renderer', 'shared', 'package.json'];
const CANARY = 'test/security/canary';
const reports = join(root, 'out/security');
const started = performance.now();

interface Exit {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runProcess(command: string, args: readonly string[]): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ status: null, stdout, stderr: String(error) }));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function scan(folder: string, report: string, electron: string): Promise<ScanOutcome> {
  const driver = join(root, 'scripts/security/scan-driver.ts');
  const exit = await runProcess(process.execPath, [driver, folder, report, electron]);
  if (exit.status !== 0)
    return { ok: false, reason: exit.stderr.trim() || `exit ${exit.status ?? 'by signal'}` };
  const readSource = (file: string): string | null => {
    try {
      return readFileSync(join(folder, file), 'utf8');
    } catch {
      return null;
    }
  };
  return { ok: true, findings: parseSarif(await readFile(report, 'utf8'), readSource) };
}

async function engDisables(folder: string): Promise<string[]> {
  const files = (await readdir(folder, { recursive: true })).filter((file) =>
    /\.(tsx?|jsx?|html?)$/.test(file),
  );
  const texts = await Promise.all(files.map((file) => readFile(join(folder, file), 'utf8')));
  return files.flatMap((file, i) => engDisableLines(file, texts[i] ?? ''));
}

const readJson = async (file: string): Promise<unknown> =>
  JSON.parse(await readFile(join(root, file), 'utf8'));
const pkg = (await readJson('package.json')) as { devDependencies: Record<string, string> };
// The scan judges option defaults by this version: the one we ship, pinned exactly.
const electron = pkg.devDependencies.electron ?? '';
if (!/^\d+\.\d+\.\d+$/.test(electron))
  throw new Error(
    `security: expected an exact electron version in package.json, not "${electron}"`,
  );
const accepted = parseAcceptedFindings(await readJson('test/security/accepted-findings.json'));
const allowlist = parseAllowlist(await readJson('test/security/audit-allowlist.json'));

await mkdir(reports, { recursive: true });
// A copy holds exactly what ships: out/, tests and node_modules stay out of the scan.
const appCopy = await mkdtemp(join(tmpdir(), 'wb-security-'));
let report: SecurityReport;
try {
  for (const entry of APP_SOURCES)
    await cp(join(root, entry), join(appCopy, entry), { recursive: true });
  const [app, canary, audit, disables] = await Promise.all([
    scan(appCopy, join(reports, 'app.sarif'), electron),
    scan(join(root, CANARY), join(reports, 'canary.sarif'), electron),
    runProcess('npm', ['audit', '--omit=dev', '--json']),
    engDisables(appCopy),
  ]);
  report = securityReport({
    appLabel: APP_SOURCES.join(', '),
    app,
    canaryLabel: CANARY,
    canary,
    accepted,
    engDisables: disables,
    audit: parseAuditOutput(audit.stdout),
    allowlist,
    today: new Date().toISOString().slice(0, 10),
  });
} finally {
  await rm(appCopy, { recursive: true, force: true });
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
for (const line of report.info) console.log(line);
for (const line of report.warnings) console.warn(`security: warning: ${line}`);
for (const line of report.problems) console.error(`security: ${line}`);
if (report.problems.length > 0) {
  console.error(`security: FAILED, ${report.problems.length} problem(s), in ${seconds} s`);
  process.exit(1);
}
console.log(`security: passed in ${seconds} s`);
