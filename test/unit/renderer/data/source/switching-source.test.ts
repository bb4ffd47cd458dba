import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FhirError } from '../../../../../renderer/data/fhir/fhir-error.ts';
import { createMemorySource } from '../../../../../renderer/data/source/memory-source.ts';
import type { ResourceSource } from '../../../../../renderer/data/source/resource-source.ts';
import { whileOpening } from '../../../../../renderer/data/source/switching-source.ts';

const patient = (id: string, family: string): Patient => ({
  resourceType: 'Patient',
  id,
  name: [{ family }],
});

/** A source whose every read fails with `error`. */
function failing(error: Error): ResourceSource {
  const fail = () => Promise.reject(error);
  return {
    read: fail,
    readMany: fail,
    byPatient: fail,
    byEpisodes: fail,
    measurements: fail,
    inScope: fail,
    patientProcedures: fail,
  };
}

/** The opened cache's source, counting how often the opening was waited for. */
function opening(source: ResourceSource | Error) {
  let asked = 0;
  return {
    asked: () => asked,
    opened: () => {
      asked += 1;
      return source instanceof Error ? Promise.reject(source) : Promise.resolve(source);
    },
  };
}

const network = createMemorySource([patient('pat-1', 'Server')]);
const cache = createMemorySource([patient('pat-1', 'Cache')]);
const unreachable = new FhirError('unreachable', 0, 'The FHIR server cannot be reached.');

describe('whileOpening', () => {
  it('answers from the network without waiting for the cache to open', async () => {
    const cacheOpening = opening(cache);
    const source = whileOpening(network, cacheOpening.opened);
    const read = await source.read('Patient', 'pat-1');
    expect(read?.name?.[0]?.family).toBe('Server');
    expect(cacheOpening.asked()).toBe(0);
  });

  it('waits for the opened cache when the back end cannot be reached (starting offline)', async () => {
    const cacheOpening = opening(cache);
    const source = whileOpening(failing(unreachable), cacheOpening.opened);
    const [read, many] = await Promise.all([
      source.read('Patient', 'pat-1'),
      source.readMany('Patient', ['pat-1']),
    ]);
    expect(read?.name?.[0]?.family).toBe('Cache');
    expect(many.map((p) => p.name?.[0]?.family)).toEqual(['Cache']);
    expect(cacheOpening.asked()).toBe(2);
  });

  it('passes on what the server said, without waiting for the cache, when it answered with an error', async () => {
    const refused = new FhirError('server', 403, 'Forbidden');
    const cacheOpening = opening(cache);
    const source = whileOpening(failing(refused), cacheOpening.opened);
    await expect(source.read('Patient', 'pat-1')).rejects.toBe(refused);
    expect(cacheOpening.asked()).toBe(0);
  });

  it('fails with why the cache could not open when neither can answer', async () => {
    const broken = new Error('The key for the offline cache could not be read.');
    const source = whileOpening(failing(unreachable), opening(broken).opened);
    await expect(source.read('Patient', 'pat-1')).rejects.toBe(broken);
  });

  it('stops after an unreachable back end when the read was cancelled meanwhile', async () => {
    const controller = new AbortController();
    const cacheOpening = opening(cache);
    const cancelling: ResourceSource = {
      ...failing(unreachable),
      read: () => {
        controller.abort(new DOMException('Left the page', 'AbortError'));
        return Promise.reject(unreachable);
      },
    };
    const source = whileOpening(cancelling, cacheOpening.opened);
    await expect(source.read('Patient', 'pat-1', controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(cacheOpening.asked()).toBe(0);
  });
});
