import type { Observation } from '@medplum/fhirtypes';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { importCacheKeys } from '../../../../../renderer/data/cache/cache-crypto.ts';
import type { CachedResource, CacheKeys } from '../../../../../renderer/data/cache/contracts.ts';
import {
  openCache,
  type OpenCacheOptions,
  type OpenedCacheHandle,
} from '../../../../../renderer/data/cache/open-cache.ts';

/** Test kit for the cache: real Dexie on a fresh fake-indexeddb factory, real WebCrypto keys. */

export async function makeKeys(keyId = 'key-1', seed?: number): Promise<CacheKeys> {
  const raw = new Uint8Array(32);
  if (seed === undefined) globalThis.crypto.getRandomValues(raw);
  else raw.fill(seed);
  return importCacheKeys(raw, keyId);
}

export interface Env {
  readonly indexedDB: IDBFactory;
  readonly IDBKeyRange: typeof IDBKeyRange;
}

export function freshEnv(): Env {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

export const USER = 'user-hash-0123456789';

export async function open(
  env: Env,
  keys: CacheKeys,
  extra: Partial<OpenCacheOptions> = {},
): Promise<OpenedCacheHandle> {
  return openCache({
    userKey: USER,
    keys,
    persistent: true,
    indexedDB: env.indexedDB,
    IDBKeyRange: env.IDBKeyRange,
    ...extra,
  });
}

export const meta = (versionId: string) => ({ versionId, lastUpdated: '2026-11-20T10:00:00Z' });

export const CPR = '1504591234';
export const NAME = 'Søren Ærø Åberg';

export function patient(id: string, version = '1'): CachedResource {
  return {
    resourceType: 'Patient',
    id,
    meta: meta(version),
    identifier: [{ system: 'urn:oid:1.2.208.176.1.2', value: CPR }],
    name: [{ text: NAME }],
  };
}

export function episode(id: string, patientId: string, version = '1'): CachedResource {
  return {
    resourceType: 'EpisodeOfCare',
    id,
    meta: meta(version),
    status: 'active',
    patient: { reference: `Patient/${patientId}` },
  };
}

export const EPISODE_EXT =
  'http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-episodeofcare';

export function task(
  id: string,
  patientId: string,
  episodeId: string,
  version = '1',
): CachedResource {
  return {
    resourceType: 'Task',
    id,
    meta: meta(version),
    status: 'ready',
    intent: 'plan',
    for: { reference: `Patient/${patientId}` },
    extension: [{ url: EPISODE_EXT, valueReference: { reference: `EpisodeOfCare/${episodeId}` } }],
    note: [{ text: 'Borgeren har ondt i knæet' }],
  };
}

export function observation(
  id: string,
  patientId: string,
  episodeId: string | null,
  effective: string,
  version = '1',
  value = 120,
): CachedResource {
  const o: Observation & { id: string } = {
    resourceType: 'Observation',
    id,
    meta: meta(version),
    status: 'final',
    code: { coding: [{ system: 'urn:oid:1.2.208.176.2.1', code: 'NPU08676' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: effective,
    valueQuantity: { value, unit: 'mmHg' },
    ...(episodeId
      ? {
          extension: [
            { url: EPISODE_EXT, valueReference: { reference: `EpisodeOfCare/${episodeId}` } },
          ],
        }
      : {}),
  };
  return o;
}

/** Every string and byte run in every row of every table, for plaintext checks. */
export async function rawDump(env: Env, name: string): Promise<string> {
  const { Dexie } = await import('dexie');
  const db = new Dexie(name, { indexedDB: env.indexedDB, IDBKeyRange: env.IDBKeyRange });
  await db.open();
  const parts: string[] = [];
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder();
  const walk = (value: unknown): void => {
    if (value instanceof Uint8Array) {
      parts.push(utf8.decode(value), latin1.decode(value));
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        parts.push(k);
        walk(v);
      }
    } else parts.push(String(value));
  };
  for (const table of db.tables) {
    walk(await table.toArray());
  }
  db.close();
  return parts.join('\n');
}
