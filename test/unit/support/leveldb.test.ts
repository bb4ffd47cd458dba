import { describe, expect, it } from 'vitest';
import {
  LOG_BLOCK_SIZE,
  readBlockEntries,
  readLogRecords,
  readTable,
  readWriteBatch,
} from '../../support/leveldb.ts';
import { writeBatch, writeLog, writeTable } from './leveldb-writers.ts';

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const str = (data: Uint8Array): string => Buffer.from(data).toString('latin1');

describe('the LevelDB log reader', () => {
  it('joins records fragmented across 32 KiB blocks (first, middle, last)', () => {
    const small = bytes('small record');
    const huge = new Uint8Array(LOG_BLOCK_SIZE * 2 + 123).map((_, i) => i % 251);
    const log = writeLog([small, huge, small]);
    expect(log.length).toBeGreaterThan(LOG_BLOCK_SIZE * 2);
    const { records, badFragments } = readLogRecords(log);
    expect(badFragments).toBe(0);
    expect(records.map((record) => record.length)).toEqual([
      small.length,
      huge.length,
      small.length,
    ]);
    expect(Buffer.from(records[1]!).equals(Buffer.from(huge))).toBe(true);
  });

  it('skips a block tail too short for a header', () => {
    const first = new Uint8Array(LOG_BLOCK_SIZE - 7 - 3); // leaves 3 bytes in the block
    const log = writeLog([first, bytes('next')]);
    const { records, badFragments } = readLogRecords(log);
    expect(badFragments).toBe(0);
    expect(records.map(str).at(-1)).toBe('next');
  });

  it('counts damage instead of throwing', () => {
    const log = writeLog([bytes('fine'), new Uint8Array(40_000)]);
    log[LOG_BLOCK_SIZE + 6] = 9; // a fragment type that does not exist
    const { records, badFragments } = readLogRecords(log);
    expect(records.map(str)).toEqual(['fine']);
    expect(badFragments).toBeGreaterThan(0);
  });

  it('reads the puts of a write batch', () => {
    const record = writeBatch(7, [
      [bytes('k1'), bytes('v1')],
      [bytes('k2'), bytes('Ærø')],
    ]);
    expect(readWriteBatch(record)?.map((entry) => [str(entry.key), str(entry.value!)])).toEqual([
      ['k1', 'v1'],
      ['k2', 'Ærø'],
    ]);
    expect(readWriteBatch(bytes('not a batch'))).toBeNull();
  });
});

describe('the LevelDB table reader', () => {
  const entries: [Uint8Array, Uint8Array][] = Array.from({ length: 300 }, (_, i) => [
    bytes(`patient/${String(i).padStart(4, '0')}`),
    bytes(`value ${i} `.repeat(20)),
  ]);

  it.each([true, false])('reads every entry back (compressed: %s)', (compress) => {
    const table = writeTable(entries, { compress });
    const { blocks, problems } = readTable(table);
    expect(problems).toEqual([]);
    // The index block first, then the data blocks it names.
    const data = blocks.slice(1).flatMap((block) => block.entries);
    expect(data.map((entry) => str(entry.key))).toEqual(entries.map(([key]) => str(key)));
    expect(data.map((entry) => str(entry.value))).toEqual(entries.map(([, value]) => str(value)));
    expect(
      blocks.slice(1).every((block) => block.compression === (compress ? 'snappy' : 'none')),
    ).toBe(true);
    if (compress) expect(table.length).toBeLessThan(entries.length * 100);
  });

  it('reports a file without the table magic', () => {
    expect(readTable(Buffer.alloc(100)).problems).toEqual(['no table magic in the footer']);
    expect(readTable(Buffer.alloc(10)).problems).toEqual(['shorter than a table footer']);
  });

  it('refuses a block whose restart count does not fit', () => {
    expect(readBlockEntries(Uint8Array.from([1, 0, 0, 0]))).toBeNull();
    expect(readBlockEntries(Uint8Array.from([0xff, 0xff, 0, 0]))).toBeNull();
  });
});
