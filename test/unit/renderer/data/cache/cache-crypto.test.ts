import { describe, expect, it } from 'vitest';
import {
  CacheIntegrityError,
  COMPRESS_FROM,
  open,
  seal,
  type Sealed,
} from '../../../../../renderer/data/cache/cache-crypto.ts';
import { makeKeys } from './cache-kit.ts';

/** A bucket-sized value: a week of a densely measured citizen's observations, as the sync seals them. */
function weekOfObservations(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    resourceType: 'Observation',
    id: `obs-${i}`,
    meta: { versionId: '1', lastUpdated: '2026-11-18T08:30:00.000Z' },
    status: 'final',
    code: { coding: [{ system: 'urn:oid:1.2.208.176.2.1', code: 'NPU03011', display: 'Puls' }] },
    subject: { reference: 'Patient/pat-7c1d2e9a' },
    effectiveDateTime: new Date(Date.UTC(2026, 10, 16) + i * 600_000).toISOString(),
    valueQuantity: { value: 60 + (i % 40), unit: '/min', system: 'http://unitsofmeasure.org' },
  }));
}

/** What `seal` wrote before units were compressed: AES-GCM over the JSON, same additional data. */
async function sealAsBefore(
  keys: Awaited<ReturnType<typeof makeKeys>>,
  table: string,
  unitKey: string,
  plaintext: Uint8Array<ArrayBuffer>,
): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const additionalData = new TextEncoder().encode(`${table}\u0000${unitKey}`);
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData },
    keys.aes,
    plaintext,
  );
  return { iv, data: new Uint8Array(data) };
}

describe('sealed units', () => {
  it('a large unit is stored compressed and opens to the same value', async () => {
    const keys = await makeKeys();
    const value = weekOfObservations(100);
    const json = new TextEncoder().encode(JSON.stringify(value));
    expect(json.byteLength).toBeGreaterThan(COMPRESS_FROM);
    const sealed = await seal(keys, 'buckets', 'b-1', value);
    // GCM adds a 16-byte tag; compressed, the unit is a fraction of its JSON.
    expect(sealed.data.byteLength).toBeLessThan(json.byteLength / 4);
    await expect(open(keys, 'buckets', 'b-1', sealed)).resolves.toEqual(value);
  });

  it('a small unit is stored as JSON (compression would not pay) and opens', async () => {
    const keys = await makeKeys();
    const value = weekOfObservations(1)[0];
    const json = new TextEncoder().encode(JSON.stringify(value));
    expect(json.byteLength).toBeLessThan(COMPRESS_FROM);
    const sealed = await seal(keys, 'resources', 'r-1', value);
    expect(sealed.data.byteLength).toBe(json.byteLength + 16);
    await expect(open(keys, 'resources', 'r-1', sealed)).resolves.toEqual(value);
  });

  it('stores text as ASCII JSON and gives back every character: æøå, emoji, a lone surrogate, backslashes', async () => {
    const keys = await makeKeys();
    const value = {
      name: 'Søren Bøgh Æblegård',
      note: 'Målt efter gåtur 🚶‍♀️ \\ "citat" \u00e9',
      odd: 'half \ud83d pair',
      nfd: 'A\u030angstrøm',
    };
    const sealed = await seal(keys, 'resources', 'r-9', value);
    await expect(open(keys, 'resources', 'r-9', sealed)).resolves.toEqual(value);
    const plaintext = new Uint8Array(
      await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: sealed.iv,
          additionalData: new TextEncoder().encode('resources\u0000r-9'),
        },
        keys.aes,
        sealed.data,
      ),
    );
    expect(plaintext.every((byte) => byte < 0x80)).toBe(true);
  });

  it('units sealed before compression (plain JSON inside) still open', async () => {
    const keys = await makeKeys();
    const value = weekOfObservations(50);
    const before = await sealAsBefore(
      keys,
      'buckets',
      'b-2',
      new TextEncoder().encode(JSON.stringify(value)),
    );
    await expect(open(keys, 'buckets', 'b-2', before)).resolves.toEqual(value);
  });

  it('a unit whose compressed content is broken is an integrity error, not a crash', async () => {
    const keys = await makeKeys();
    // Authentic (sealed with the right key and place) but not a DEFLATE stream after the marker.
    const broken = await sealAsBefore(
      keys,
      'buckets',
      'b-3',
      new Uint8Array([0x00, 0xff, 0xfe, 0xfd, 0x13, 0x37]),
    );
    await expect(open(keys, 'buckets', 'b-3', broken)).rejects.toBeInstanceOf(CacheIntegrityError);
  });

  it('a compressed unit moved to another place does not open', async () => {
    const keys = await makeKeys();
    const sealed = await seal(keys, 'buckets', 'b-4', weekOfObservations(100));
    await expect(open(keys, 'buckets', 'b-5', sealed)).rejects.toBeInstanceOf(CacheIntegrityError);
  });
});
