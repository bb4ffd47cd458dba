import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { createMemorySource } from '../../../../../renderer/data/source/memory-source.ts';
import type { ResourceSource } from '../../../../../renderer/data/source/resource-source.ts';
import { whenOpen } from '../../../../../renderer/data/source/switching-source.ts';

const patient = (id: string, family: string): Patient => ({
  resourceType: 'Patient',
  id,
  name: [{ family }],
});

describe('whenOpen: reads made while the cache opens', () => {
  it('waits for the opened source, asking for it at read time, for every kind of read', async () => {
    let opened: ResourceSource | null = null;
    const source = whenOpen(() =>
      opened ? Promise.resolve(opened) : Promise.reject(new Error('not yet')),
    );
    opened = createMemorySource([patient('pat-1', 'Cache')]);
    const [read, many, byPatient] = await Promise.all([
      source.read('Patient', 'pat-1'),
      source.readMany('Patient', ['pat-1']),
      source.byPatient('EpisodeOfCare', 'pat-1', {}),
    ]);
    expect(read?.name?.[0]?.family).toBe('Cache');
    expect(many).toHaveLength(1);
    expect(byPatient.resources).toEqual([]);
  });

  it('fails with why the cache could not open', async () => {
    const broken = new Error('The key for the offline cache could not be read.');
    const source = whenOpen(() => Promise.reject(broken));
    await expect(source.read('Patient', 'pat-1')).rejects.toBe(broken);
    await expect(
      source.measurements('pat-1', { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }),
    ).rejects.toBe(broken);
  });
});
