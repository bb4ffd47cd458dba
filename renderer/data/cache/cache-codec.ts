import { blindIndex, open, seal, type Sealed } from './cache-crypto.ts';
import type { CacheKeys } from './contracts.ts';

/**
 * How the cache turns values into stored units and ids into index values.
 * The shipped codec is AES-GCM + HMAC (`aesCodec`); the benchmark's raw
 * IndexedDB baseline and the plaintext scan's control record use a codec
 * that writes the same row shapes unencrypted (test/support/plaintext-codec.ts,
 * never shipped). Every method is asynchronous: call them before a Dexie
 * transaction, never inside one.
 */
export interface CacheCodec {
  /** Identifies the key (or 'plaintext'): a cache written under another keyId is wiped on opening. */
  readonly keyId: string;
  /** One unit bound to `table` and `unitKey` (additional data). */
  seal(table: string, unitKey: string, value: unknown): Promise<Sealed>;
  /** Opens a unit sealed for the same table and unit key; CacheIntegrityError otherwise. */
  open<T = unknown>(table: string, unitKey: string, sealed: Sealed): Promise<T>;
  /** The index value for `value` in `domain` (deterministic for one key). */
  blind(domain: string, value: string): Promise<string>;
}

/** Blinds kept in memory: patient and episode ids repeat across thousands of resources. */
const BLIND_MEMO_LIMIT = 200_000;

/** The shipped codec: AES-GCM units and HMAC blind indexes under the user's cache keys. */
export function aesCodec(keys: CacheKeys): CacheCodec {
  const memo = new Map<string, Promise<string>>();
  return {
    keyId: keys.keyId,
    seal: (table, unitKey, value) => seal(keys, table, unitKey, value),
    open: <T>(table: string, unitKey: string, sealed: Sealed) =>
      open<T>(keys, table, unitKey, sealed),
    blind(domain, value) {
      const memoKey = `${domain}\u0000${value}`;
      const known = memo.get(memoKey);
      if (known) return known;
      if (memo.size >= BLIND_MEMO_LIMIT) memo.clear();
      const computed = blindIndex(keys, domain, value);
      memo.set(memoKey, computed);
      computed.catch(() => memo.delete(memoKey));
      return computed;
    },
  };
}
