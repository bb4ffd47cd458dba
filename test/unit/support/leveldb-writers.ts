import { LOG_BLOCK_SIZE, LOG_HEADER_SIZE, LOG_RECORD } from '../../support/leveldb.ts';
import { snappyCompress } from '../../support/snappy.ts';

/**
 * Writers for LevelDB's log and table formats, for the scanner's tests: the
 * same framing LevelDB writes (checksums are left zero; readers here, like
 * the scanner, do not rely on them).
 */

/** A log file holding `records`, fragmented across 32 KiB blocks as LevelDB does. */
export function writeLog(records: readonly Uint8Array[]): Buffer {
  const out: number[] = [];
  for (const record of records) {
    let position = 0;
    let first = true;
    do {
      const left = LOG_BLOCK_SIZE - (out.length % LOG_BLOCK_SIZE);
      if (left < LOG_HEADER_SIZE) {
        for (let i = 0; i < left; i += 1) out.push(0);
        continue;
      }
      const room = left - LOG_HEADER_SIZE;
      const length = Math.min(room, record.length - position);
      const last = position + length === record.length;
      const type =
        first && last
          ? LOG_RECORD.full
          : first
            ? LOG_RECORD.first
            : last
              ? LOG_RECORD.last
              : LOG_RECORD.middle;
      out.push(0, 0, 0, 0, length & 0xff, length >>> 8, type);
      for (const byte of record.subarray(position, position + length)) out.push(byte);
      position += length;
      first = false;
    } while (position < record.length);
  }
  return Buffer.from(out);
}

/** A WriteBatch record (sequence, count, puts) as IndexedDB's LevelDB writes to its log. */
export function writeBatch(sequence: number, puts: readonly [Uint8Array, Uint8Array][]): Buffer {
  const parts: Buffer[] = [Buffer.alloc(12)];
  parts[0]!.writeBigUInt64LE(BigInt(sequence), 0);
  parts[0]!.writeUInt32LE(puts.length, 8);
  for (const [key, value] of puts) {
    parts.push(
      Buffer.from([1]),
      varint(key.length),
      Buffer.from(key),
      varint(value.length),
      Buffer.from(value),
    );
  }
  return Buffer.concat(parts);
}

/**
 * A table with the given sorted entries in data blocks of about `blockSize`
 * bytes, keys prefix-compressed (restart every 16 entries), each block
 * Snappy-compressed when `compress` says so, an index block and a footer.
 */
export function writeTable(
  entries: readonly [Uint8Array, Uint8Array][],
  options: { readonly compress: boolean; readonly blockSize?: number },
): Buffer {
  const blockSize = options.blockSize ?? 4096;
  const out: Buffer[] = [];
  let offset = 0;
  const handles: [Uint8Array, Buffer][] = [];
  const emit = (block: Buffer, compress: boolean): Buffer => {
    const stored = compress ? Buffer.from(snappyCompress(block)) : block;
    const handle = Buffer.concat([varint(offset), varint(stored.length)]);
    out.push(stored, Buffer.from([compress ? 1 : 0, 0, 0, 0, 0]));
    offset += stored.length + 5;
    return handle;
  };
  let pending: [Uint8Array, Uint8Array][] = [];
  let pendingSize = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    handles.push([pending[pending.length - 1]![0], emit(buildBlock(pending), options.compress)]);
    pending = [];
    pendingSize = 0;
  };
  for (const entry of entries) {
    pending.push(entry);
    pendingSize += entry[0].length + entry[1].length;
    if (pendingSize >= blockSize) flush();
  }
  flush();
  const metaindex = emit(buildBlock([]), false);
  const index = emit(buildBlock(handles), false);
  const footer = Buffer.alloc(48);
  Buffer.concat([metaindex, index]).copy(footer);
  footer.writeBigUInt64LE(0xdb4775248b80fb57n, 40);
  out.push(footer);
  return Buffer.concat(out);
}

function buildBlock(entries: readonly [Uint8Array, Uint8Array][]): Buffer {
  const parts: Buffer[] = [];
  const restarts: number[] = [];
  let size = 0;
  let previous = Buffer.alloc(0);
  entries.forEach(([keyBytes, value], index) => {
    const key = Buffer.from(keyBytes);
    let shared = 0;
    if (index % 16 === 0) restarts.push(size);
    else
      while (shared < previous.length && shared < key.length && previous[shared] === key[shared])
        shared += 1;
    const part = Buffer.concat([
      varint(shared),
      varint(key.length - shared),
      varint(value.length),
      key.subarray(shared),
      Buffer.from(value),
    ]);
    parts.push(part);
    size += part.length;
    previous = key;
  });
  if (restarts.length === 0) restarts.push(0);
  const tail = Buffer.alloc(4 * restarts.length + 4);
  restarts.forEach((restart, i) => tail.writeUInt32LE(restart, 4 * i));
  tail.writeUInt32LE(restarts.length, 4 * restarts.length);
  return Buffer.concat([...parts, tail]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    const byte = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest > 0 ? byte | 0x80 : byte);
  } while (rest > 0);
  return Buffer.from(bytes);
}
