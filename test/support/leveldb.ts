import { snappyDecompress } from './snappy.ts';

/**
 * Readers for LevelDB's on-disk formats (https://github.com/google/leveldb/blob/main/doc/),
 * enough to see every byte IndexedDB stores in Chromium's profile: the
 * write-ahead log (`*.log`, also MANIFEST-*) and sorted tables (`*.ldb`,
 * `*.sst`). Test support for the plaintext scan; tolerant of damage (it
 * reports what it could not read rather than throwing).
 */

export const LOG_BLOCK_SIZE = 32 * 1024;
export const LOG_HEADER_SIZE = 7;

export const LOG_RECORD = { zero: 0, full: 1, first: 2, middle: 3, last: 4 } as const;

export interface LogReadResult {
  /** Whole records, fragments joined across 32 KiB blocks. */
  readonly records: Uint8Array[];
  /** Fragments that did not fit the format (bad type, length past the block, orphan middles). */
  readonly badFragments: number;
}

/** Reassembles a LevelDB log file's records from their fragments. */
export function readLogRecords(file: Uint8Array): LogReadResult {
  const records: Uint8Array[] = [];
  let pending: Uint8Array[] | null = null;
  let badFragments = 0;
  for (let blockStart = 0; blockStart < file.length; blockStart += LOG_BLOCK_SIZE) {
    const blockEnd = Math.min(file.length, blockStart + LOG_BLOCK_SIZE);
    let position = blockStart;
    while (position + LOG_HEADER_SIZE <= blockEnd) {
      const length = file[position + 4]! | (file[position + 5]! << 8);
      const type = file[position + 6]!;
      const start = position + LOG_HEADER_SIZE;
      if (type === LOG_RECORD.zero && length === 0) break; // the block's zero-filled tail
      if (start + length > blockEnd || type > LOG_RECORD.last) {
        badFragments += 1;
        pending = null;
        break;
      }
      const fragment = file.subarray(start, start + length);
      position = start + length;
      switch (type) {
        case LOG_RECORD.full:
          if (pending) badFragments += 1;
          pending = null;
          records.push(fragment);
          break;
        case LOG_RECORD.first:
          if (pending) badFragments += 1;
          pending = [fragment];
          break;
        case LOG_RECORD.middle:
          if (pending) pending.push(fragment);
          else badFragments += 1;
          break;
        case LOG_RECORD.last:
          if (pending) {
            pending.push(fragment);
            records.push(concat(pending));
          } else badFragments += 1;
          pending = null;
          break;
        default:
          badFragments += 1;
      }
    }
  }
  if (pending) badFragments += 1;
  return { records, badFragments };
}

export interface WriteBatchEntry {
  readonly kind: 'put' | 'delete';
  readonly key: Uint8Array;
  readonly value: Uint8Array | null;
}

/** The puts and deletes of one log record (a WriteBatch), or null if it is not one. */
export function readWriteBatch(record: Uint8Array): WriteBatchEntry[] | null {
  if (record.length < 12) return null;
  const count = readUint32(record, 8);
  const entries: WriteBatchEntry[] = [];
  const cursor = { position: 12 };
  try {
    while (cursor.position < record.length) {
      const tag = record[cursor.position++]!;
      const key = readSlice(record, cursor);
      if (tag === 1) entries.push({ kind: 'put', key, value: readSlice(record, cursor) });
      else if (tag === 0) entries.push({ kind: 'delete', key, value: null });
      else return null;
    }
  } catch {
    return null;
  }
  return entries.length === count ? entries : null;
}

export interface TableEntry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

export interface TableBlock {
  /** The block's contents as stored: decompressed when the trailer says Snappy. */
  readonly contents: Uint8Array;
  readonly compression: 'none' | 'snappy' | 'unknown';
  /** Entries with full keys (prefix compression undone); empty when the block does not parse. */
  readonly entries: TableEntry[];
}

export interface TableReadResult {
  readonly blocks: TableBlock[];
  /** What could not be read, if anything (no footer magic, a block past the end, …). */
  readonly problems: string[];
}

const TABLE_MAGIC = 0xdb4775248b80fb57n;
const FOOTER_SIZE = 48;
const BLOCK_TRAILER_SIZE = 5;

/** Reads a sorted table: every data block the index names, plus the index block itself. */
export function readTable(file: Uint8Array): TableReadResult {
  const problems: string[] = [];
  if (file.length < FOOTER_SIZE) return { blocks: [], problems: ['shorter than a table footer'] };
  const footer = file.subarray(file.length - FOOTER_SIZE);
  const magic = new DataView(footer.buffer, footer.byteOffset + 40, 8).getBigUint64(0, true);
  if (magic !== TABLE_MAGIC) return { blocks: [], problems: ['no table magic in the footer'] };
  const cursor = { position: 0 };
  let indexHandle: { offset: number; size: number };
  try {
    readHandle(footer, cursor); // metaindex (filter names): nothing stored there is user data
    indexHandle = readHandle(footer, cursor);
  } catch (error) {
    return { blocks: [], problems: [`unreadable footer: ${String(error)}`] };
  }
  const index = readBlock(file, indexHandle, problems);
  if (!index) return { blocks: [], problems };
  const blocks: TableBlock[] = [index];
  for (const entry of index.entries) {
    try {
      const handle = readHandle(entry.value, { position: 0 });
      const block = readBlock(file, handle, problems);
      if (block) blocks.push(block);
    } catch (error) {
      problems.push(`unreadable block handle: ${String(error)}`);
    }
  }
  return { blocks, problems };
}

function readBlock(
  file: Uint8Array,
  handle: { offset: number; size: number },
  problems: string[],
): TableBlock | null {
  const end = handle.offset + handle.size;
  if (end + BLOCK_TRAILER_SIZE > file.length) {
    problems.push(`block at ${handle.offset} runs past the end of the file`);
    return null;
  }
  const stored = file.subarray(handle.offset, end);
  const type = file[end]!;
  let contents: Uint8Array;
  let compression: TableBlock['compression'];
  if (type === 0) {
    contents = stored;
    compression = 'none';
  } else if (type === 1) {
    try {
      contents = snappyDecompress(stored);
      compression = 'snappy';
    } catch (error) {
      problems.push(`block at ${handle.offset}: ${String(error)}`);
      return null;
    }
  } else {
    problems.push(`block at ${handle.offset} has unknown compression ${type}`);
    return { contents: stored, compression: 'unknown', entries: [] };
  }
  const entries = readBlockEntries(contents);
  if (!entries) problems.push(`block at ${handle.offset} does not parse as entries`);
  return { contents, compression, entries: entries ?? [] };
}

/** A block's key/value entries with prefix-compressed keys restored, or null if malformed. */
export function readBlockEntries(block: Uint8Array): TableEntry[] | null {
  if (block.length < 4) return null;
  const restarts = readUint32(block, block.length - 4);
  const entriesEnd = block.length - 4 - 4 * restarts;
  if (restarts === 0 || entriesEnd < 0) return null;
  const entries: TableEntry[] = [];
  const cursor = { position: 0 };
  let previousKey: Uint8Array = new Uint8Array(0);
  try {
    while (cursor.position < entriesEnd) {
      const shared = readVarint(block, cursor);
      const nonShared = readVarint(block, cursor);
      const valueLength = readVarint(block, cursor);
      const keyEnd = cursor.position + nonShared;
      const valueEnd = keyEnd + valueLength;
      if (shared > previousKey.length || valueEnd > entriesEnd) return null;
      const key = concat([
        previousKey.subarray(0, shared),
        block.subarray(cursor.position, keyEnd),
      ]);
      entries.push({ key, value: block.subarray(keyEnd, valueEnd) });
      previousKey = key;
      cursor.position = valueEnd;
    }
  } catch {
    return null;
  }
  return entries;
}

function readHandle(
  bytes: Uint8Array,
  cursor: { position: number },
): { offset: number; size: number } {
  return { offset: readVarint(bytes, cursor), size: readVarint(bytes, cursor) };
}

function readSlice(bytes: Uint8Array, cursor: { position: number }): Uint8Array {
  const length = readVarint(bytes, cursor);
  const end = cursor.position + length;
  if (end > bytes.length) throw new RangeError('slice past the end');
  const slice = bytes.subarray(cursor.position, end);
  cursor.position = end;
  return slice;
}

/** A LevelDB varint (up to 64 bits; kept exact up to 2^53). */
export function readVarint(bytes: Uint8Array, cursor: { position: number }): number {
  let value = 0;
  for (let shift = 0; shift < 64; shift += 7) {
    if (cursor.position >= bytes.length) throw new RangeError('varint past the end');
    const byte = bytes[cursor.position++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return value;
  }
  throw new RangeError('varint too long');
}

function readUint32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}
