import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { inflateRawSync, constants as zlibConstants } from 'node:zlib';
import { readLogRecords, readTable, readWriteBatch } from './leveldb.ts';
import { snappyDecompress } from './snappy.ts';

/**
 * The plaintext-on-disk scan: walks every file under the given folders (a
 * Chromium user-data folder, the harness's user-data folder, …) and reports
 * which needles (CPR numbers, names, note texts) occur in any form the
 * browser may store them in:
 *
 * - text encodings: UTF-8, UTF-16LE and UTF-16BE (V8 stores a string with
 *   any character above U+00FF as UTF-16), Latin-1 (V8's one-byte strings, so
 *   'æøå' as single bytes), JSON `\uXXXX` escapes, URL encoding, base64 of
 *   the UTF-8 at all three alignments, lower/upper case and NFD;
 * - LevelDB (IndexedDB, Local/Session Storage): `*.log` / MANIFEST records
 *   reassembled across their 32 KiB blocks, so a needle split over a block
 *   boundary is found; `*.ldb` / `*.sst` tables read through their index,
 *   Snappy blocks decompressed and prefix-compressed keys restored;
 * - values Blink compressed with Snappy (marker FF 11 02) and gzip streams,
 *   wherever they occur in any of the above.
 *
 * It also reads what it cannot parse as plain bytes, so nothing is skipped.
 * Known limit: SQLite overflow pages are not chained, so a text longer than
 * a page could hide a needle split across two pages (needles are short).
 */

export type ScanLayer =
  /** The file's bytes as they are. */
  | 'raw'
  /** A LevelDB log record, joined from its fragments. */
  | 'leveldb-log-record'
  /** A LevelDB table block, decompressed, and its entries with full keys. */
  | 'leveldb-table'
  /** A Snappy-compressed value (Blink's IndexedDB value compression) inside another layer. */
  | 'snappy-value'
  /** A gzip stream inside another layer (HTTP cache bodies). */
  | 'gzip';

export interface NeedleHit {
  readonly needle: string;
  /** Relative to the scanned root, prefixed with the root's index: `0:Default/IndexedDB/…`. */
  readonly file: string;
  readonly layer: ScanLayer;
  /** Which form matched, e.g. `utf8`, `latin1`, `utf16le`, `lower/utf8`, `base64+1`. */
  readonly form: string;
}

export interface ProfileScanReport {
  /**
   * Needles found: `count` buffers matched in all; `hits` the distinct (file, layer, form)
   * places, at most `maxHitsPerNeedle` of them.
   */
  readonly found: ReadonlyMap<string, { readonly count: number; readonly hits: NeedleHit[] }>;
  /** Needles found nowhere. */
  readonly missing: readonly string[];
  readonly stats: {
    files: number;
    bytes: number;
    logFiles: number;
    logRecords: number;
    tables: number;
    tableBlocks: number;
    snappyBlocks: number;
    snappyValues: number;
    gzipStreams: number;
  };
  /** Files that did not read as their name says (parsed as raw bytes only), with why. */
  readonly problems: readonly string[];
}

export interface NeedlePattern {
  readonly needle: string;
  readonly form: string;
  readonly bytes: Buffer;
}

/** Every byte pattern `needle` may appear as on disk. */
export function needlePatterns(needle: string): NeedlePattern[] {
  if (needle.length === 0) throw new Error('an empty needle matches everything');
  const patterns: NeedlePattern[] = [];
  const seen = new Set<string>();
  const add = (form: string, bytes: Buffer): void => {
    const id = bytes.toString('hex');
    if (bytes.length === 0 || seen.has(id)) return;
    seen.add(id);
    patterns.push({ needle, form, bytes });
  };
  const variants: [string, string][] = [
    ['', needle],
    ['nfc/', needle.normalize('NFC')],
    ['nfd/', needle.normalize('NFD')],
    ['lower/', needle.toLowerCase()],
    ['upper/', needle.toUpperCase()],
  ];
  for (const [prefix, text] of variants) {
    add(`${prefix}utf8`, Buffer.from(text, 'utf8'));
    add(`${prefix}utf16le`, Buffer.from(text, 'utf16le'));
    add(`${prefix}utf16be`, Buffer.from(text, 'utf16le').swap16());
    if (fitsLatin1(text)) add(`${prefix}latin1`, Buffer.from(text, 'latin1'));
    if (/[^\x20-\x7e]/.test(text)) {
      const escape = (upper: boolean): string =>
        text.replace(/[^\x20-\x7e]/g, (char) => {
          const hex = char.charCodeAt(0).toString(16).padStart(4, '0');
          return `\\u${upper ? hex.toUpperCase() : hex}`;
        });
      add(`${prefix}json-escaped`, Buffer.from(escape(false), 'utf8'));
      add(`${prefix}json-escaped`, Buffer.from(escape(true), 'utf8'));
    }
    add(`${prefix}url-encoded`, Buffer.from(encodeURIComponent(text), 'utf8'));
    add(
      `${prefix}form-encoded`,
      Buffer.from(encodeURIComponent(text).replace(/%20/g, '+'), 'utf8'),
    );
    for (const [alignment, inner] of base64Cores(Buffer.from(text, 'utf8')))
      add(`${prefix}base64+${alignment}`, Buffer.from(inner, 'utf8'));
  }
  return patterns;
}

function fitsLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

/**
 * The part of base64 text that is the same wherever `bytes` sit in a longer
 * stream, for each of the three alignments (too short a core would match by
 * chance, so cores under 8 characters are left out).
 */
function base64Cores(bytes: Buffer): [number, string][] {
  const cores: [number, string][] = [];
  for (let alignment = 0; alignment < 3; alignment += 1) {
    const padded = Buffer.concat([Buffer.alloc(alignment), bytes]);
    const text = padded.toString('base64').replace(/=+$/, '');
    // Leading characters mix in the padding bytes; trailing ones, what follows the needle.
    const skip = alignment === 0 ? 0 : alignment === 1 ? 2 : 3;
    const whole = Math.floor((alignment + bytes.length) / 3) * 4;
    const core = text.slice(skip, whole);
    if (core.length >= 8) {
      cores.push([alignment, core]);
      cores.push([alignment, core.replace(/\+/g, '-').replace(/\//g, '_')]);
    }
  }
  return cores;
}

const SNAPPY_VALUE_MARKER = Buffer.from([0xff, 0x11, 0x02]);
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);
const MAX_NESTED_ATTEMPTS = 10_000;

interface Scanner {
  readonly patterns: readonly NeedlePattern[];
  readonly found: Map<string, { count: number; hits: NeedleHit[] }>;
  readonly stats: ProfileScanReport['stats'];
  readonly problems: string[];
  readonly maxHits: number;
}

function scan(
  scanner: Scanner,
  file: string,
  layer: ScanLayer,
  bytes: Uint8Array,
  depth = 0,
): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const pattern of scanner.patterns) {
    if (buffer.indexOf(pattern.bytes) === -1) continue;
    let entry = scanner.found.get(pattern.needle);
    if (!entry) {
      entry = { count: 0, hits: [] };
      scanner.found.set(pattern.needle, entry);
    }
    entry.count += 1;
    const known = entry.hits.some(
      (hit) => hit.file === file && hit.layer === layer && hit.form === pattern.form,
    );
    if (!known && entry.hits.length < scanner.maxHits)
      entry.hits.push({ needle: pattern.needle, file, layer, form: pattern.form });
  }
  // Compressed inside compressed inside compressed is as deep as anything real goes.
  if (depth < 3) scanNested(scanner, file, buffer, depth + 1);
}

/**
 * The deflate stream of a gzip member starting at `bytes[0]`, ignoring what
 * follows it and yielding what a cut-short stream holds; null if it is none.
 */
function gunzipLenient(bytes: Buffer): Buffer | null {
  if (bytes.length < 18) return null;
  const flags = bytes[3]!;
  if (flags & 0xe0) return null; // reserved bits set: not gzip
  let at = 10;
  if (flags & 0x04) at += 2 + bytes.readUInt16LE(at); // FEXTRA
  for (const flag of [0x08, 0x10]) {
    // FNAME, FCOMMENT: zero-terminated
    if (flags & flag) {
      const end = bytes.indexOf(0, at);
      if (end === -1) return null;
      at = end + 1;
    }
  }
  if (flags & 0x02) at += 2; // FHCRC
  if (at >= bytes.length) return null;
  try {
    return inflateRawSync(bytes.subarray(at), {
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
      maxOutputLength: 64 * 1024 * 1024,
    });
  } catch {
    return null;
  }
}

/** Compressed streams inside a buffer: Blink's Snappy-wrapped values and gzip. */
function scanNested(scanner: Scanner, file: string, buffer: Buffer, depth: number): void {
  let attempts = 0;
  for (
    let at = buffer.indexOf(SNAPPY_VALUE_MARKER);
    at !== -1 && attempts < MAX_NESTED_ATTEMPTS;
    at = buffer.indexOf(SNAPPY_VALUE_MARKER, at + 1)
  ) {
    attempts += 1;
    let value: Uint8Array;
    try {
      value = snappyDecompress(buffer.subarray(at + SNAPPY_VALUE_MARKER.length));
    } catch {
      continue;
    }
    if (value.length === 0) continue;
    scanner.stats.snappyValues += 1;
    scan(scanner, file, 'snappy-value', value, depth);
  }
  for (
    let at = buffer.indexOf(GZIP_MAGIC);
    at !== -1 && attempts < MAX_NESTED_ATTEMPTS;
    at = buffer.indexOf(GZIP_MAGIC, at + 1)
  ) {
    attempts += 1;
    const value = gunzipLenient(buffer.subarray(at));
    if (!value) continue;
    if (value.length === 0) continue;
    scanner.stats.gzipStreams += 1;
    scan(scanner, file, 'gzip', value, depth);
  }
}

function isLevelDbLog(name: string): boolean {
  return /^\d+\.log$/.test(name) || /^MANIFEST-\d+$/.test(name);
}

function isLevelDbTable(name: string): boolean {
  return /^\d+\.(ldb|sst)$/.test(name);
}

/** Scans one file's bytes in every layer its name suggests. Exported for tests. */
export function scanFileBytes(scanner: Scanner, file: string, bytes: Uint8Array): void {
  scanner.stats.files += 1;
  scanner.stats.bytes += bytes.length;
  scan(scanner, file, 'raw', bytes);
  // `file` is `<root index>:<path>`.
  const name = basename(file.slice(file.indexOf(':') + 1));
  if (isLevelDbLog(name)) {
    const { records, badFragments } = readLogRecords(bytes);
    scanner.stats.logFiles += 1;
    scanner.stats.logRecords += records.length;
    if (badFragments > 0)
      scanner.problems.push(`${file}: ${badFragments} log fragments did not fit the format`);
    for (const record of records) {
      scan(scanner, file, 'leveldb-log-record', record);
      // Keys and values on their own too (a needle is never split by a batch's framing, but
      // scanning them apart makes a hit's place unambiguous).
      for (const entry of readWriteBatch(record) ?? []) {
        scan(scanner, file, 'leveldb-log-record', entry.key);
        if (entry.value) scan(scanner, file, 'leveldb-log-record', entry.value);
      }
    }
  } else if (isLevelDbTable(name)) {
    const { blocks, problems } = readTable(bytes);
    scanner.stats.tables += 1;
    scanner.stats.tableBlocks += blocks.length;
    for (const problem of problems) scanner.problems.push(`${file}: ${problem}`);
    for (const block of blocks) {
      if (block.compression === 'snappy') scanner.stats.snappyBlocks += 1;
      scan(scanner, file, 'leveldb-table', block.contents);
      for (const entry of block.entries) {
        scan(scanner, file, 'leveldb-table', entry.key);
        scan(scanner, file, 'leveldb-table', entry.value);
      }
    }
  }
}

/** A scanner for `needles`, to feed with `scanFileBytes` and close with `reportOf`. */
export function createScanner(needles: readonly string[], maxHitsPerNeedle = 20): Scanner {
  return {
    patterns: [...new Set(needles)].flatMap(needlePatterns),
    found: new Map(),
    stats: {
      files: 0,
      bytes: 0,
      logFiles: 0,
      logRecords: 0,
      tables: 0,
      tableBlocks: 0,
      snappyBlocks: 0,
      snappyValues: 0,
      gzipStreams: 0,
    },
    problems: [],
    maxHits: maxHitsPerNeedle,
  };
}

export function reportOf(scanner: Scanner, needles: readonly string[]): ProfileScanReport {
  return {
    found: scanner.found,
    missing: [...new Set(needles)].filter((needle) => !scanner.found.has(needle)),
    stats: scanner.stats,
    problems: scanner.problems,
  };
}

/**
 * Scans every regular file under `roots` (symbolic links are not followed:
 * Chromium's Singleton* links point outside the profile) for `needles`.
 */
export async function scanProfile(
  roots: readonly string[],
  needles: readonly string[],
  options: { readonly maxHitsPerNeedle?: number } = {},
): Promise<ProfileScanReport> {
  const scanner = createScanner(needles, options.maxHitsPerNeedle);
  for (const [index, root] of roots.entries()) {
    for (const path of await regularFiles(root)) {
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (error) {
        // A file that vanished between listing and reading is not a finding; anything else is.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      scanFileBytes(scanner, `${index}:${relative(root, path)}`, bytes);
    }
  }
  return reportOf(scanner, needles);
}

async function regularFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) files.push(path);
      else if (!entry.isSymbolicLink()) {
        // Sockets, FIFOs: nothing stored in them.
        const info = await lstat(path);
        if (info.isFile()) files.push(path);
      }
    }
  }
  return files.sort();
}

/** A short text of where needles were found, for assertion messages. */
export function describeFindings(report: ProfileScanReport): string {
  const lines: string[] = [];
  for (const [needle, { count, hits }] of report.found) {
    lines.push(`${JSON.stringify(needle)}: ${count} hit(s)`);
    for (const hit of hits.slice(0, 5)) lines.push(`  ${hit.file} [${hit.layer}, ${hit.form}]`);
  }
  return lines.join('\n');
}
