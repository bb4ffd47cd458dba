import type { Patient } from '@medplum/fhirtypes';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { cacheDbName } from '../../../../../renderer/data/cache/cache-name.ts';
import {
  cacheUserKey,
  hasCacheDatabase,
} from '../../../../../renderer/data/offline/cache-user-key.ts';
import { createOpeningSource } from '../../../../../renderer/data/offline/opening-source.ts';
import { createMemorySource } from '../../../../../renderer/data/source/memory-source.ts';
import type { ResourceSource } from '../../../../../renderer/data/source/resource-source.ts';

const patient = (id: string, family: string): Patient => ({
  resourceType: 'Patient',
  id,
  name: [{ family }],
});

const network = createMemorySource([patient('pat-1', 'Network')]);
const cache = createMemorySource([patient('pat-1', 'Cache')]);

/** A promise and its resolve, to decide in the test when the cache has opened. */
function later<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const familyOf = async (source: ResourceSource) =>
  (await source.read('Patient', 'pat-1'))?.name?.[0]?.family;

describe('the opening source: reads while the cache opens', () => {
  it('reads the network at once for a user with no cache here yet, before the cache opens', async () => {
    const opening = createOpeningSource();
    const routing = later<ResourceSource>();
    opening.set({ routing: routing.promise, noCacheYet: Promise.resolve(true), network });
    // The cache never opens in this test: the read must not wait for it.
    expect(await familyOf(opening.source)).toBe('Network');
  });

  it('waits for the opened cache when the user has one, and reads where it decides', async () => {
    const opening = createOpeningSource();
    const routing = later<ResourceSource>();
    opening.set({ routing: routing.promise, noCacheYet: Promise.resolve(false), network });
    const read = familyOf(opening.source);
    routing.resolve(cache);
    expect(await read).toBe('Cache');
  });

  it('fails with why the cache could not open when the user has one', async () => {
    const opening = createOpeningSource();
    const routing = later<ResourceSource>();
    const broken = new Error('The key for the offline cache could not be read.');
    opening.set({ routing: routing.promise, noCacheYet: Promise.resolve(false), network });
    const read = familyOf(opening.source);
    routing.reject(broken);
    await expect(read).rejects.toBe(broken);
  });

  it('a read before the opening is set waits for it (a view asking in the same commit as the provider)', async () => {
    const opening = createOpeningSource();
    const read = familyOf(opening.source);
    opening.set({
      routing: later<ResourceSource>().promise,
      noCacheYet: Promise.resolve(true),
      network,
    });
    expect(await read).toBe('Network');
  });

  it('follows the opening current at read time, and refuses reads when signed out', async () => {
    const opening = createOpeningSource();
    opening.set({ routing: Promise.resolve(cache), noCacheYet: Promise.resolve(false), network });
    expect(await familyOf(opening.source)).toBe('Cache');
    opening.set(null);
    await expect(familyOf(opening.source)).rejects.toThrow('not open');
  });
});

describe('hasCacheDatabase', () => {
  it("is true only once the user's own database exists", async () => {
    const factory = new IDBFactory();
    expect(await hasCacheDatabase('persona:nurse', factory)).toBe(false);
    const name = cacheDbName(await cacheUserKey('persona:nurse'));
    await new Promise<void>((resolve, reject) => {
      const request = factory.open(name, 1);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error ?? new Error('could not open the database'));
    });
    expect(await hasCacheDatabase('persona:nurse', factory)).toBe(true);
    expect(await hasCacheDatabase('persona:doctor', factory)).toBe(false);
  });

  it('is true (wait for the cache) where the browser cannot list its databases', async () => {
    const factory = new IDBFactory();
    Object.defineProperty(factory, 'databases', { value: undefined });
    expect(await hasCacheDatabase('persona:nurse', factory)).toBe(true);
    expect(await hasCacheDatabase('persona:nurse', undefined)).toBe(true);
  });
});
