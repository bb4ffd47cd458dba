/** The default demo dataset, generated once per test file, and small helpers to read it. */
import type { Extension, Resource } from '@medplum/fhirtypes';
import type { DemoDataset } from '../../../../../main/demo-backend/generator/dataset.ts';
import { generateDemoDataset } from '../../../../../main/demo-backend/generator/dataset.ts';

export const SEED = 20260310;
export const ANCHOR = '2026-03-10';
/** The data's "now": 08:00 Danish time (UTC+1 in March before the change) on the anchor day. */
export const NOW = Date.parse('2026-03-10T07:00:00Z');
export const DAY = 86_400_000;

let cached: DemoDataset | undefined;

export function defaultDataset(): DemoDataset {
  cached ??= generateDemoDataset({ seed: SEED, anchor: ANCHOR });
  return cached;
}

export function ofType<T extends Resource['resourceType']>(
  dataset: DemoDataset,
  type: T,
): Extract<Resource, { resourceType: T }>[] {
  return dataset.resources.filter(
    (r): r is Extract<Resource, { resourceType: T }> => r.resourceType === type,
  );
}

export function byReference(dataset: DemoDataset): Map<string, Resource> {
  return new Map(dataset.resources.map((r) => [`${r.resourceType}/${r.id ?? ''}`, r]));
}

export function extensions(
  owner: { extension?: Extension[] } | undefined,
  url: string,
): Extension[] {
  return owner?.extension?.filter((e) => e.url === url) ?? [];
}

export function extension(
  owner: { extension?: Extension[] } | undefined,
  url: string,
): Extension | undefined {
  return extensions(owner, url)[0];
}
