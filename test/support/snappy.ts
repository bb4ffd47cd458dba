/**
 * Snappy's raw block format (https://github.com/google/snappy/blob/main/format_description.txt),
 * as LevelDB table blocks and Blink's IndexedDB value wrapping use it. Test
 * support only: the profile scanner decompresses with it, and its tests
 * compress with the small greedy compressor below.
 */

export class SnappyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnappyError';
  }
}

/** Never allocate more than this for one block, whatever a (possibly garbage) preamble claims. */
const MAX_UNCOMPRESSED = 64 * 1024 * 1024;

/**
 * Decompresses one raw Snappy block. Stops as soon as the declared length is
 * produced, so trailing bytes after the block (as when decompressing from a
 * marker inside a larger buffer) are ignored. Throws SnappyError on anything
 * malformed: a copy reaching before the start, a literal running past the
 * input, or an output shorter than declared.
 */
export function snappyDecompress(input: Uint8Array, maxLength = MAX_UNCOMPRESSED): Uint8Array {
  let position = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (position >= input.length || shift > 28) throw new SnappyError('bad length preamble');
    const byte = input[position++]!;
    length += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
  }
  if (length > maxLength) throw new SnappyError(`declared length ${length} is too large`);
  const output = new Uint8Array(length);
  let written = 0;
  while (written < length) {
    if (position >= input.length) throw new SnappyError('input ends before the output is complete');
    const tag = input[position++]!;
    const kind = tag & 0b11;
    if (kind === 0) {
      let literal = tag >>> 2;
      if (literal >= 60) {
        const bytes = literal - 59;
        if (position + bytes > input.length) throw new SnappyError('truncated literal length');
        literal = 0;
        for (let i = 0; i < bytes; i += 1) literal += input[position + i]! * 2 ** (8 * i);
        position += bytes;
      }
      literal += 1;
      if (position + literal > input.length || written + literal > length)
        throw new SnappyError('literal runs past the end');
      output.set(input.subarray(position, position + literal), written);
      position += literal;
      written += literal;
      continue;
    }
    let copyLength: number;
    let offset: number;
    if (kind === 1) {
      if (position + 1 > input.length) throw new SnappyError('truncated copy');
      copyLength = 4 + ((tag >>> 2) & 0b111);
      offset = ((tag >>> 5) << 8) | input[position]!;
      position += 1;
    } else if (kind === 2) {
      if (position + 2 > input.length) throw new SnappyError('truncated copy');
      copyLength = 1 + (tag >>> 2);
      offset = input[position]! | (input[position + 1]! << 8);
      position += 2;
    } else {
      if (position + 4 > input.length) throw new SnappyError('truncated copy');
      copyLength = 1 + (tag >>> 2);
      offset =
        input[position]! +
        input[position + 1]! * 0x100 +
        input[position + 2]! * 0x10000 +
        input[position + 3]! * 0x1000000;
      position += 4;
    }
    if (offset === 0 || offset > written) throw new SnappyError('copy reaches before the start');
    if (written + copyLength > length) throw new SnappyError('copy runs past the end');
    // Byte by byte: a copy may overlap what it produces (offset < length repeats a pattern).
    for (let i = 0; i < copyLength; i += 1) output[written + i] = output[written + i - offset]!;
    written += copyLength;
  }
  return output;
}

/**
 * A small greedy Snappy compressor (4-byte hash matches, literals and 2-byte
 * offset copies): valid Snappy that any decompressor reads, used by tests to
 * build compressed LevelDB blocks. Not tuned for speed or ratio.
 */
export function snappyCompress(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let length = input.length;
  do {
    const byte = length & 0x7f;
    length = Math.floor(length / 128);
    out.push(length > 0 ? byte | 0x80 : byte);
  } while (length > 0);

  const table = new Map<number, number>();
  const hashAt = (i: number): number =>
    (input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16) | (input[i + 3]! << 24)) >>> 0;
  let literalStart = 0;
  let i = 0;

  const emitLiteral = (from: number, to: number): void => {
    for (let start = from; start < to; start += 65536) {
      const chunk = input.subarray(start, Math.min(to, start + 65536));
      const n = chunk.length - 1;
      if (n < 60) out.push(n << 2);
      else if (n < 256) out.push(60 << 2, n);
      else out.push(61 << 2, n & 0xff, n >>> 8);
      for (const byte of chunk) out.push(byte);
    }
  };

  while (i + 4 <= input.length) {
    const hash = hashAt(i);
    const candidate = table.get(hash);
    table.set(hash, i);
    if (candidate !== undefined && i - candidate <= 0xffff && hashAt(candidate) === hash) {
      let matched = 4;
      while (i + matched < input.length && input[candidate + matched] === input[i + matched])
        matched += 1;
      emitLiteral(literalStart, i);
      const offset = i - candidate;
      for (let remaining = matched; remaining > 0;) {
        const piece = Math.min(remaining, 64);
        out.push(((piece - 1) << 2) | 2, offset & 0xff, offset >>> 8);
        remaining -= piece;
      }
      i += matched;
      literalStart = i;
    } else {
      i += 1;
    }
  }
  emitLiteral(literalStart, input.length);
  return Uint8Array.from(out);
}
