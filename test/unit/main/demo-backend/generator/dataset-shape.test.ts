import { describe, expect, it } from 'vitest';
import { defaultDataset } from './fixture.ts';

/** Every `reference` string anywhere in a resource. */
function references(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) references(item, out);
  else if (node !== null && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) {
      if (key === 'reference' && typeof value === 'string') out.push(value);
      else references(value, out);
    }
  return out;
}

describe('the shape of the dataset the server loads', () => {
  const { resources } = defaultDataset();

  it('gives every resource a unique, valid FHIR id', () => {
    const keys = resources.map((r) => `${r.resourceType}/${r.id ?? ''}`);
    expect(new Set(keys).size).toBe(resources.length);
    for (const r of resources) expect(r.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
  });

  it('uses only relative references, each to a resource earlier in the list (dependencies first)', () => {
    const seen = new Set<string>();
    let count = 0;
    for (const resource of resources) {
      for (const reference of references(resource)) {
        expect(reference, `${resource.resourceType}/${resource.id ?? ''}`).toMatch(
          /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/,
        );
        expect(
          seen.has(reference),
          `${resource.resourceType}/${resource.id ?? ''} → ${reference}`,
        ).toBe(true);
        count++;
      }
      seen.add(`${resource.resourceType}/${resource.id ?? ''}`);
    }
    expect(count).toBeGreaterThan(resources.length);
  });

  it('leaves versionId and lastUpdated to the server', () => {
    for (const r of resources) {
      expect(r.meta?.versionId).toBeUndefined();
      expect(r.meta?.lastUpdated).toBeUndefined();
    }
  });

  it('shares no objects between resources, so a server that edits one in place cannot change another', () => {
    const owner = new Map<object, string>();
    const shared: string[] = [];
    const visit = (node: unknown, id: string): void => {
      if (node === null || typeof node !== 'object') return;
      const previous = owner.get(node);
      if (previous !== undefined && previous !== id) shared.push(`${id} ↔ ${previous}`);
      owner.set(node, id);
      for (const value of Object.values(node)) visit(value, id);
    };
    for (const r of resources) visit(r, `${r.resourceType}/${r.id ?? ''}`);
    expect(shared.slice(0, 5)).toEqual([]);
  });

  it('writes instants in UTC to the second, never after the data’s now except booked appointments and plans', () => {
    const json = JSON.stringify(resources);
    const instants = json.match(/"\d{4}-\d{2}-\d{2}T[^"]*"/g) ?? [];
    expect(instants.length).toBeGreaterThan(1000);
    expect(
      instants.filter((instant) => !/^"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"$/.test(instant)),
    ).toEqual([]);
    const now = Date.parse('2026-03-10T07:00:00Z');
    for (const r of resources) {
      if (r.resourceType === 'Observation')
        expect(Date.parse(r.issued ?? '')).toBeLessThanOrEqual(now);
      if (r.resourceType === 'Communication')
        expect(Date.parse(r.sent ?? '')).toBeLessThanOrEqual(now);
      if (r.resourceType === 'Task')
        expect(Date.parse(r.authoredOn ?? '')).toBeLessThanOrEqual(now);
    }
  });
});
