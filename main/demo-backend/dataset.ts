import type { Resource } from '@medplum/fhirtypes';
import { z } from 'zod';

/**
 * The one seam where the demo dataset comes from:
 * - `{ kind: 'resources', resources }`: a list the caller built (every resource
 *   with an id, references relative, dependencies first);
 * - `{ kind: 'generated', seed, anchor, citizens?, historyDays? }`: the synthetic
 *   generator (`generator/dataset.ts`), loaded only when asked for.
 */

const ResourceShape = z.looseObject({
  resourceType: z.string().regex(/^[A-Z][A-Za-z]{1,63}$/),
  id: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/),
});

export const DatasetOptionsSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('resources'),
    resources: z.array(ResourceShape),
  }),
  z.strictObject({
    kind: z.literal('generated'),
    seed: z.number().int(),
    /** yyyy-mm-dd: the "today" of the data. */
    anchor: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    citizens: z.number().int().min(1).max(100_000).optional(),
    historyDays: z.number().int().min(1).max(3650).optional(),
  }),
]);
export type DatasetOptions = z.infer<typeof DatasetOptionsSchema>;

export interface LoadedDataset {
  readonly resources: Resource[];
  /** What else the source offers (the generator's demo personas), passed on untouched. */
  readonly personas?: readonly unknown[];
}

/** Resolves dataset options to the resources to seed. */
export async function loadDataset(options: DatasetOptions): Promise<LoadedDataset> {
  switch (options.kind) {
    case 'resources':
      return { resources: options.resources as unknown as Resource[] };
    case 'generated': {
      const { generateDemoDataset } = await import('./generator/dataset.ts');
      const { seed, anchor, citizens, historyDays } = options;
      return generateDemoDataset({ seed, anchor, citizens, historyDays });
    }
  }
}
