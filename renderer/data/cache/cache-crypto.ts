import type { CacheKeys } from './contracts.ts';

/**
 * Sealing and blind indexes for the offline cache (docs/adr/0003). Plain
 * WebCrypto through `globalThis.crypto`, so the same code runs in the page,
 * in the sync worker and in Node's tests. Every call here is asynchronous
 * WebCrypto: never await one inside a Dexie transaction (it ends the
 * transaction); seal and blind first, then open the transaction.
 */

/** An encrypted unit as stored: a fresh 96-bit IV and the AES-GCM ciphertext with its tag. */
export interface Sealed {
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
}

/** A unit failed to open: tampered, moved to another row or table, sealed under another key, or not JSON. */
export class CacheIntegrityError extends Error {
  readonly table: string;
  readonly unitKey: string;
  constructor(table: string, unitKey: string, options?: { cause?: unknown }) {
    super(
      `A cached unit in ${table} could not be opened (tampered, moved or another key).`,
      options,
    );
    this.name = 'CacheIntegrityError';
    this.table = table;
    this.unitKey = unitKey;
  }
}

const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
/** 128 bits of HMAC-SHA-256: 22 base64url characters. */
const BLIND_BYTES = 16;
const HKDF_SALT = 'nordjysk-esundhed-workbench offline cache v1';
const INFO_CONTENT = 'aes-gcm-256 content';
const INFO_BLIND = 'hmac-sha-256 blind index';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

/**
 * Derives the cache's two non-extractable keys from the user's 32-byte data
 * key (HKDF-SHA-256 with distinct `info`), then overwrites `raw` so the key
 * bytes do not linger in the page's memory.
 */
export async function importCacheKeys(raw: Uint8Array, keyId: string): Promise<CacheKeys> {
  try {
    if (raw.byteLength !== DATA_KEY_BYTES)
      throw new RangeError(`The data key must be ${DATA_KEY_BYTES} bytes.`);
    if (keyId.length === 0) throw new RangeError('The data key needs a key id.');
    const base = await subtle().importKey('raw', new Uint8Array(raw), 'HKDF', false, ['deriveKey']);
    const hkdf = (info: string): HkdfParams => ({
      name: 'HKDF',
      hash: 'SHA-256',
      salt: encoder.encode(HKDF_SALT),
      info: encoder.encode(info),
    });
    const [aes, hmac] = await Promise.all([
      subtle().deriveKey(hkdf(INFO_CONTENT), base, { name: 'AES-GCM', length: 256 }, false, [
        'encrypt',
        'decrypt',
      ]),
      subtle().deriveKey(
        hkdf(INFO_BLIND),
        base,
        { name: 'HMAC', hash: 'SHA-256', length: 256 },
        false,
        ['sign'],
      ),
    ]);
    return { aes, hmac, keyId };
  } finally {
    raw.fill(0);
  }
}

/** `table ␀ unitKey`: binds a unit to its place, so a unit copied elsewhere fails to open. */
function additionalData(table: string, unitKey: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${table}\u0000${unitKey}`);
}

/**
 * The plaintext inside a unit: JSON as UTF-8, or — for units of at least
 * COMPRESS_FROM bytes — a 0x00 byte (which no JSON text starts with) and the
 * JSON compressed with raw DEFLATE. A week's bucket of a densely measured
 * citizen is ~200 kB of JSON and ~30× smaller compressed; Chromium stores
 * IndexedDB values over 64 kB as separate blob files, which made reading a
 * citizen's period slower than decrypting it. Smaller units are stored inline
 * either way, and a CompressionStream costs about 1 ms a call however small
 * the unit (measured: 1.1 ms for 6 kB, 2.1 ms for 228 kB): compressing every
 * unit from 4 kB cost an initial sync ~15 s. Compressing before encrypting
 * shows the compressibility in the stored length; for data at rest (a lost
 * laptop) nobody can inject text and watch the length change.
 */
export const COMPRESS_FROM = 32 * 1024;
const DEFLATED = 0x00;

/** Bytes through a (de)compression stream, written straight in (a Blob's stream is slow in Chromium). */
function streamThrough(
  bytes: Uint8Array<ArrayBuffer>,
  transform: CompressionStream | DecompressionStream,
): { response: Response; written: Promise<void> } {
  const writer = transform.writable.getWriter();
  const written = writer.write(bytes).then(() => writer.close());
  return { response: new Response(transform.readable), written };
}

/**
 * JSON with every non-ASCII character as a \u escape. Danish letters in a
 * display text made the browser decode a whole bucket as two-byte text,
 * twice as slow as ASCII (measured: 7.5 against 3.6 ms for 750 kB); JSON.parse
 * gives back the same strings.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

async function encodePlaintext(value: unknown): Promise<Uint8Array<ArrayBuffer>> {
  const json = encoder.encode(asciiJson(value));
  if (json.byteLength < COMPRESS_FROM) return json;
  const { response, written } = streamThrough(json, new CompressionStream('deflate-raw'));
  const [compressed] = await Promise.all([response.arrayBuffer(), written]);
  if (compressed.byteLength + 1 >= json.byteLength) return json;
  const framed = new Uint8Array(compressed.byteLength + 1);
  framed[0] = DEFLATED;
  framed.set(new Uint8Array(compressed), 1);
  return framed;
}

async function decodePlaintext(plaintext: Uint8Array<ArrayBuffer>): Promise<unknown> {
  if (plaintext[0] !== DEFLATED) return JSON.parse(decoder.decode(plaintext));
  const { response, written } = streamThrough(
    plaintext.subarray(1),
    new DecompressionStream('deflate-raw'),
  );
  const [json] = await Promise.all([response.arrayBuffer(), written]);
  return JSON.parse(decoder.decode(json));
}

/** Encrypts `value` (as JSON, compressed when large) into one unit bound to `table` and `unitKey`. */
export async function seal(
  keys: CacheKeys,
  table: string,
  unitKey: string,
  value: unknown,
): Promise<Sealed> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plaintext = await encodePlaintext(value);
  const data = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(table, unitKey) },
    keys.aes,
    plaintext,
  );
  return { iv, data: new Uint8Array(data) };
}

/** Decrypts a unit sealed by `seal` for the same table and unit key; throws CacheIntegrityError otherwise. */
export async function open<T = unknown>(
  keys: CacheKeys,
  table: string,
  unitKey: string,
  sealed: Sealed,
): Promise<T> {
  let plaintext: ArrayBuffer;
  try {
    if (!(sealed.iv instanceof Uint8Array) || sealed.iv.byteLength !== IV_BYTES)
      throw new TypeError('not an IV');
    plaintext = await subtle().decrypt(
      { name: 'AES-GCM', iv: sealed.iv, additionalData: additionalData(table, unitKey) },
      keys.aes,
      sealed.data,
    );
  } catch (error) {
    throw new CacheIntegrityError(table, unitKey, { cause: error });
  }
  try {
    return (await decodePlaintext(new Uint8Array(plaintext))) as T;
  } catch (error) {
    throw new CacheIntegrityError(table, unitKey, { cause: error });
  }
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A blind index: base64url of HMAC-SHA-256(`domain ␀ value`) cut to 128 bits.
 * Deterministic for one key (so it can be looked up), unrelated across keys
 * and domains, and not reversible without the key.
 */
export async function blindIndex(keys: CacheKeys, domain: string, value: string): Promise<string> {
  const mac = await subtle().sign('HMAC', keys.hmac, encoder.encode(`${domain}\u0000${value}`));
  return base64url(new Uint8Array(mac, 0, BLIND_BYTES));
}
