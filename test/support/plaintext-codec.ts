/**
 * A cache codec that writes the same row shapes as the AES codec, but
 * unencrypted: units are the JSON's UTF-8 bytes (with a zero IV of the same
 * size) and blind indexes are the plain `domain:value`. Test-only, never
 * shipped: the sync benchmark's raw IndexedDB baseline and the plaintext
 * scan's control record. It does the same JSON work as the AES codec, so
 * the difference between the two is the cost of encrypting and blinding.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const IV_BYTES = 12;

export const PLAINTEXT_KEY_ID = 'plaintext';

/** A stored unit, as renderer/data/cache/cache-crypto.ts's `Sealed`. */
interface Unit {
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
}

/**
 * renderer/data/cache/cache-codec.ts's `CacheCodec`, structurally (this file
 * is also type-checked by the Node project, which has no DOM types).
 */
export interface PlaintextCodec {
  readonly keyId: string;
  seal(table: string, unitKey: string, value: unknown): Promise<Unit>;
  open<T = unknown>(table: string, unitKey: string, sealed: Unit): Promise<T>;
  blind(domain: string, value: string): Promise<string>;
}

export function plaintextCodec(): PlaintextCodec {
  return {
    keyId: PLAINTEXT_KEY_ID,
    seal(_table, _unitKey, value) {
      return Promise.resolve({
        iv: new Uint8Array(IV_BYTES),
        data: encoder.encode(JSON.stringify(value)),
      });
    },
    open<T>(_table: string, _unitKey: string, sealed: Unit) {
      return Promise.resolve(JSON.parse(decoder.decode(sealed.data)) as T);
    },
    blind(domain, value) {
      return Promise.resolve(`${domain}:${value}`);
    },
  };
}
