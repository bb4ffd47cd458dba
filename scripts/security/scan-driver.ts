/**
 * One Electronegativity scan, in its own process, without the network:
 * `node scripts/security/scan-driver.ts <folder> <report.sarif> <electron version>`.
 *
 * Run through the tool's API rather than its CLI because the CLI, when it
 * writes a report, drops the files it could not parse without a word; here
 * they fail the scan. Exits 0 with the SARIF report written, 1 otherwise.
 */
import { createRequire } from 'node:module';
import { Socket } from 'node:net';

// The tool fetches translations on every run (and the excluded release check
// would fetch Electron's releases). Refusing every connection keeps the scan
// offline and its result the same on every machine.
Object.defineProperty(Socket.prototype, 'connect', {
  value: function refuse(this: Socket): Socket {
    process.nextTick(() => this.destroy(new Error('the security scan runs offline')));
    return this;
  },
});
// The messages the tool ships with, not the machine's locale (which it would download).
process.env.LANG = 'en-US';

interface ScanResult {
  readonly errors: readonly { file: string; message: string; tolerable: boolean }[];
}
type Run = (options: Record<string, unknown>) => Promise<ScanResult>;

const [input, output, electronVersion] = process.argv.slice(2);
if (!input || !output || !electronVersion) {
  console.error('usage: scan-driver.ts <folder> <report.sarif> <electron version>');
  process.exit(1);
}

const run = createRequire(import.meta.url)('@doyensec/electronegativity') as Run;
const result = await run({
  input,
  output,
  isSarif: true,
  isRelative: true,
  isVerbose: true,
  customScan: [],
  // Its only network check: it downloads Electron's release list.
  excludeFromScan: ['availablesecurityfixesglobalcheck'],
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
const unparsed = result.errors.filter((error) => !error.tolerable);
for (const error of unparsed) console.error(`could not parse ${error.file}: ${error.message}`);
if (unparsed.length > 0) process.exitCode = 1;
