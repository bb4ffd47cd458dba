/**
 * The generator's own seeded randomness. sfc32 seeded through splitmix32 from
 * an FNV-1a hash of (seed, labels), so every citizen, team or series draws
 * from its own stream: adding a citizen or reordering work never changes
 * another citizen's data. Only + and * on doubles (no Math.log/sin), so the
 * numbers are the same on every platform.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One of the items, with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Approximately normal (Irwin–Hall of 6 uniforms), clipped at ±3 sd. */
  normal(mean: number, sd: number): number;
  /** A random version-4 UUID (lower case). */
  uuid(): string;
  /** `count` random decimal digits as a string. */
  digits(count: number): string;
  /** An independent stream for a sub-task. */
  fork(...labels: readonly (string | number)[]): Rng;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const HEX = '0123456789abcdef';

function makeRng(key: string): Rng {
  const init = splitmix32(fnv1a(key));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    // sfc32
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();

  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      let total = 0;
      for (const [, weight] of items) total += weight;
      let roll = next() * total;
      for (const [item, weight] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      const last = items[items.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    normal: (mean, sd) => {
      const sum = next() + next() + next() + next() + next() + next();
      // Irwin–Hall(6): mean 3, variance 1/2.
      const z = Math.max(-3, Math.min(3, (sum - 3) * 1.4142135623730951));
      return mean + z * sd;
    },
    uuid: () => {
      let out = '';
      for (let i = 0; i < 32; i++) {
        let nibble = Math.floor(next() * 16);
        if (i === 12) nibble = 4;
        if (i === 16) nibble = 8 + (nibble & 3);
        out += HEX.charAt(nibble);
        if (i === 7 || i === 11 || i === 15 || i === 19) out += '-';
      }
      return out;
    },
    digits: (count) => {
      let out = '';
      for (let i = 0; i < count; i++) out += String(Math.floor(next() * 10));
      return out;
    },
    fork: (...labels) => makeRng(`${key}/${labels.join('/')}`),
  };
  return rng;
}

/** The root stream for a seed; fork it per task. */
export function createRng(seed: number, ...labels: readonly (string | number)[]): Rng {
  return makeRng([String(seed), ...labels].join('/'));
}
