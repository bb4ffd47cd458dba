import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SnappyError, snappyCompress, snappyDecompress } from '../../support/snappy.ts';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

describe('the Snappy decompressor', () => {
  it('reads literals and an overlapping 1-byte-offset copy', () => {
    // length 10; literal "ab"; copy length 8 at offset 2 → "ababababab"
    expect(text(snappyDecompress(Uint8Array.from([10, 0x04, 0x61, 0x62, 0x11, 0x02])))).toBe(
      'ababababab',
    );
  });

  it('reads 2- and 4-byte-offset copies and long literals', () => {
    const literal = Buffer.alloc(70, 'x');
    literal.write('HEAD', 0);
    const stream = Buffer.concat([
      Buffer.from([70 + 4 + 4]), // total: 70 literal + 4 + 4 copied
      Buffer.from([60 << 2, 69]), // literal of 70 bytes, length in one extra byte
      literal,
      Buffer.from([((4 - 1) << 2) | 2, 70, 0]), // copy 4 at offset 70 (2-byte offset): "HEAD"
      Buffer.from([((4 - 1) << 2) | 3, 74, 0, 0, 0]), // copy 4 at offset 74 (4-byte offset): "HEAD"
    ]);
    const out = text(snappyDecompress(stream));
    expect(out).toBe(`${literal.toString('latin1')}HEADHEAD`);
  });

  it('ignores bytes after the declared length', () => {
    expect(text(snappyDecompress(Uint8Array.from([2, 0x04, 0x61, 0x62, 0xff, 0xff])))).toBe('ab');
  });

  it.each([
    ['a copy before the start', [4, 0x00, 0x61, 0x05, 0x09]],
    ['a literal past the input', [5, 0x10, 0x61]],
    ['an output shorter than declared', [5, 0x00, 0x61]],
    ['no preamble', []],
    ['a preamble that never ends', [0x80, 0x80, 0x80, 0x80, 0x80, 0x80]],
    ['an absurd declared length', [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])('refuses %s', (_what, bytes) => {
    expect(() => snappyDecompress(Uint8Array.from(bytes))).toThrow(SnappyError);
  });

  it('round-trips what the test compressor makes, repetitive or random', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 5000 }),
          fc
            .array(fc.constantFrom('Søren ', 'Ærø ', '010190-1234 ', 'note '), { maxLength: 400 })
            .map((words) => new Uint8Array(Buffer.from(words.join(''), 'latin1'))),
        ),
        (input) => {
          expect(
            Buffer.from(snappyDecompress(snappyCompress(input))).equals(Buffer.from(input)),
          ).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('compresses repetition into copies (so tests can hide a needle from a raw search)', () => {
    const input = Buffer.from('Kirsten Ærbø Kirsten Ærbø Kirsten Ærbø', 'latin1');
    const compressed = Buffer.from(snappyCompress(input));
    expect(compressed.length).toBeLessThan(input.length);
    expect(compressed.includes(Buffer.from('Kirsten Ærbø Kirsten', 'latin1'))).toBe(false);
  });
});
