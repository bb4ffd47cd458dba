import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LOG_BLOCK_SIZE } from '../../support/leveldb.ts';
import { needlePatterns, scanProfile, type ProfileScanReport } from '../../support/profile-scan.ts';
import { snappyCompress } from '../../support/snappy.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { writeBatch, writeLog, writeTable } from './leveldb-writers.ts';

const NAME = 'Søren Ærøskøbing';
const CPR = '010190-1234';
const NOTE = 'Borgeren har åndenød om natten';

/** Where a needle was found: "file layer form" strings. */
function placesOf(report: ProfileScanReport, needle: string): string[] {
  return (report.found.get(needle)?.hits ?? []).map(
    (hit) => `${hit.file} ${hit.layer} ${hit.form}`,
  );
}

describe('the profile scanner', () => {
  const temp = useTempDir('wb-scan');

  it.each([
    ['utf8', Buffer.from(NAME, 'utf8')],
    ['latin1', Buffer.from(NAME, 'latin1')],
    ['utf16le', Buffer.from(NAME, 'utf16le')],
    ['utf16be', Buffer.from(NAME, 'utf16le').swap16()],
    ['lower/utf8', Buffer.from(NAME.toLowerCase(), 'utf8')],
    ['upper/latin1', Buffer.from(NAME.toUpperCase(), 'latin1')],
    [
      'json-escaped',
      Buffer.from(
        JSON.stringify(NAME).replace(
          /[^\x20-\x7e]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
        ),
      ),
    ],
    ['url-encoded', Buffer.from(`https://x/?q=${encodeURIComponent(NAME)}&a=1`)],
    ['base64+0', Buffer.from(Buffer.from(NAME).toString('base64'))],
    [
      'base64+1',
      Buffer.from(Buffer.concat([Buffer.from('x'), Buffer.from(NAME)]).toString('base64')),
    ],
    [
      'base64+2',
      Buffer.from(Buffer.concat([Buffer.from('xy'), Buffer.from(NAME)]).toString('base64url')),
    ],
  ])('finds a needle stored as %s', async (form, encoded) => {
    const body = Buffer.concat([Buffer.from([0, 1, 2, 0xff]), encoded, Buffer.from([9, 8, 7])]);
    await writeFile(join(temp.path, 'blob.bin'), body);
    const report = await scanProfile([temp.path], [NAME, 'Jens Jensen']);
    expect(placesOf(report, NAME)).toContainEqual(`0:blob.bin raw ${form}`);
    expect(report.missing).toEqual(['Jens Jensen']);
  });

  it('finds a name written in decomposed form (NFD: å as a + ring)', async () => {
    const name = 'Åse Ågård';
    await writeFile(join(temp.path, 'nfd.txt'), name.normalize('NFD'));
    const report = await scanProfile([temp.path], [name]);
    expect(placesOf(report, name)).toEqual(['0:nfd.txt raw nfd/utf8']);
  });

  it('does not find an absent needle, nor a near miss', async () => {
    await writeFile(join(temp.path, 'a.txt'), `${NAME} ${CPR} ${NOTE}`);
    await writeFile(join(temp.path, 'b.bin'), Buffer.from(`${NAME} ${CPR}`, 'utf16le'));
    const report = await scanProfile(
      [temp.path],
      ['Søren Ærøskøbinq', '010190-1235', 'Borgeren har åndenød om dagen'],
    );
    expect(report.found.size).toBe(0);
    expect(report.missing).toHaveLength(3);
    expect(report.stats.files).toBe(2);
  });

  it('walks nested folders and several roots, but does not follow symbolic links', async () => {
    const profile = join(temp.path, 'profile');
    const harness = join(temp.path, 'harness');
    const outside = join(temp.path, 'outside');
    await mkdir(join(profile, 'Default', 'Deep', 'Deeper'), { recursive: true });
    await mkdir(harness);
    await mkdir(outside);
    await writeFile(join(profile, 'Default', 'Deep', 'Deeper', 'f'), CPR);
    await writeFile(join(harness, 'settings.json'), NOTE);
    await writeFile(join(outside, 'secret'), NAME);
    await symlink(join(outside, 'secret'), join(profile, 'SingletonLock'));
    const report = await scanProfile([profile, harness], [CPR, NOTE, NAME]);
    expect(placesOf(report, CPR)).toEqual(['0:Default/Deep/Deeper/f raw utf8']);
    expect(placesOf(report, NOTE)).toEqual(['1:settings.json raw utf8']);
    expect(report.missing).toEqual([NAME]);
  });

  it('finds a needle split across a LevelDB log block boundary', async () => {
    const needle = Buffer.from(NAME, 'latin1');
    // Put the needle's middle exactly on the first 32 KiB boundary: record header 7 bytes, batch
    // header 12, the put's tag and lengths, the key.
    const key = Buffer.from('\u0000\u0001\u0002\u0001patient-7', 'latin1');
    const before = LOG_BLOCK_SIZE - 7 - 12 - 1 - 1 - key.length - 3 - 8;
    const value = Buffer.concat([Buffer.alloc(before, 0x20), needle, Buffer.alloc(5000, 0x20)]);
    const log = writeLog([writeBatch(1, [[key, value]])]);
    // Precondition: no encoding of the needle is contiguous in the file.
    for (const pattern of needlePatterns(NAME)) expect(log.includes(pattern.bytes)).toBe(false);
    await mkdir(join(temp.path, 'x.indexeddb.leveldb'));
    await writeFile(join(temp.path, 'x.indexeddb.leveldb', '000003.log'), log);

    const report = await scanProfile([temp.path], [NAME]);
    expect(placesOf(report, NAME)).toContain(
      '0:x.indexeddb.leveldb/000003.log leveldb-log-record latin1',
    );
    expect(placesOf(report, NAME).some((place) => place.includes(' raw '))).toBe(false);
    expect(report.problems).toEqual([]);
    expect(report.stats.logRecords).toBe(1);
  });

  it('finds a needle that only appears once a Snappy table block is decompressed', async () => {
    const text = `${NOTE}. ${NOTE.slice(0, 12)}… ${NOTE}; ${CPR}; ${CPR}`;
    const entries: [Uint8Array, Uint8Array][] = Array.from({ length: 40 }, (_, i) => [
      Buffer.from(`\u0000\u0001\u0001key-${String(i).padStart(3, '0')}`, 'latin1'),
      Buffer.from(`${i} ${text} ${i}`, 'latin1'),
    ]);
    const table = writeTable(entries, { compress: true, blockSize: 2048 });
    const cprBytes = Buffer.from(CPR, 'latin1');
    // Precondition: in the compressed file the second CPR of each value is a back-reference, and
    // at least some copies of the note are not contiguous.
    expect(countOf(table, cprBytes)).toBeLessThan(entries.length * 2);
    await writeFile(join(temp.path, '000005.ldb'), table);

    const report = await scanProfile([temp.path], [NOTE, CPR, 'Jens Jensen']);
    expect(report.problems).toEqual([]);
    expect(report.stats.snappyBlocks).toBeGreaterThan(1);
    expect(placesOf(report, NOTE)).toContain('0:000005.ldb leveldb-table latin1');
    expect(placesOf(report, CPR)).toContain('0:000005.ldb leveldb-table utf8');
    expect(report.missing).toEqual(['Jens Jensen']);
  });

  it('finds a needle hidden only by Snappy (not in the raw file at all)', async () => {
    const needle = 'Kirsten Ærbø Kirsten Ærbø';
    const value = Buffer.from(`{${needle}}`, 'latin1');
    const table = writeTable([[Buffer.from('k'), value]], { compress: true });
    for (const pattern of needlePatterns(needle)) expect(table.includes(pattern.bytes)).toBe(false);
    await writeFile(join(temp.path, '000009.ldb'), table);
    const report = await scanProfile([temp.path], [needle]);
    expect(placesOf(report, needle)).toEqual(['0:000009.ldb leveldb-table latin1']);
  });

  it('restores prefix-compressed keys in a table block', async () => {
    const table = writeTable(
      [
        [Buffer.from('name:Søren Ærø', 'latin1'), Buffer.from('1')],
        [Buffer.from('name:Søren Ærøskøbing', 'latin1'), Buffer.from('2')],
        // The index block names each block by its last key: let that be another one.
        [Buffer.from('name:Åse', 'latin1'), Buffer.from('3')],
      ],
      { compress: false },
    );
    const needle = Buffer.from(NAME, 'latin1');
    expect(table.includes(needle)).toBe(false);
    await writeFile(join(temp.path, '000011.ldb'), table);
    const report = await scanProfile([temp.path], [NAME]);
    expect(placesOf(report, NAME)).toEqual(['0:000011.ldb leveldb-table latin1']);
  });

  it('finds a value Blink compressed with Snappy inside a log record', async () => {
    const serialized = Buffer.from(`"${NOTE} ${NOTE} ${NOTE}"`, 'latin1');
    const wrapped = Buffer.concat([
      Buffer.from([0xff, 0x11, 0x02]),
      Buffer.from(snappyCompress(serialized)),
    ]);
    const log = writeLog([writeBatch(3, [[Buffer.from('k'), wrapped]])]);
    await writeFile(join(temp.path, '000004.log'), log);
    const needle = `${NOTE} ${NOTE}`;
    for (const pattern of needlePatterns(needle)) expect(log.includes(pattern.bytes)).toBe(false);
    const report = await scanProfile([temp.path], [needle]);
    expect(placesOf(report, needle)).toContain('0:000004.log snappy-value latin1');
  });

  it('finds a needle in a gzip body (an HTTP cache entry)', async () => {
    const body = gzipSync(Buffer.from(JSON.stringify({ name: NAME, cpr: CPR })));
    await mkdir(join(temp.path, 'Cache_Data'));
    await writeFile(
      join(temp.path, 'Cache_Data', 'f_000001'),
      Buffer.concat([Buffer.from('header'), body, Buffer.from('trailer')]),
    );
    const report = await scanProfile([temp.path], [NAME, CPR]);
    expect(placesOf(report, NAME)).toEqual(['0:Cache_Data/f_000001 gzip utf8']);
    expect(placesOf(report, CPR)).toEqual(['0:Cache_Data/f_000001 gzip utf8']);
  });

  it('reports a table it cannot read, and still scans its bytes', async () => {
    await writeFile(join(temp.path, '000012.ldb'), `garbage ${CPR} garbage`);
    const report = await scanProfile([temp.path], [CPR]);
    expect(report.problems).toEqual(['0:000012.ldb: shorter than a table footer']);
    expect(placesOf(report, CPR)).toEqual(['0:000012.ldb raw utf8']);
  });

  it('refuses an empty needle', () => {
    expect(() => needlePatterns('')).toThrow();
  });
});

function countOf(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1))
    count += 1;
  return count;
}
