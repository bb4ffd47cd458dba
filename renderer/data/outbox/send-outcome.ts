import type { CachedResource, OutboxEntry } from '../cache/contracts.ts';
import { type FhirClient } from '../fhir/fhir-client.ts';
import { FhirError } from '../fhir/fhir-error.ts';
import { IDENTIFIER_SYSTEM, type ConflictCode } from './entries.ts';

/** What sending one entry needs: the server and the drain's abort signal. */
export interface SendContext {
  readonly client: FhirClient;
  readonly signal: AbortSignal | undefined;
}

/** How sending one entry ended: the server's copies to keep, or the entry needs the user. */
export type Outcome =
  | { readonly kind: 'done'; readonly resources: readonly CachedResource[] }
  | { readonly kind: 'attention'; readonly conflict: ConflictCode | null; readonly text: string };

export function keyOf(entry: Pick<OutboxEntry, 'resourceType' | 'resourceId'>): string {
  return `${entry.resourceType}/${entry.resourceId}`;
}

export function versionOf(
  resource: { meta?: { versionId?: string } } | null | undefined,
): string | null {
  return resource?.meta?.versionId ?? null;
}

/** The server's words for a failure, for the user. */
export function words(error: unknown): string {
  if (error instanceof FhirError) return error.diagnostics ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

/** The server's resources carrying an entry's client identifier (how an uncertain create is found). */
export async function byIdentifier(
  { client, signal }: SendContext,
  type: 'Observation' | 'ClinicalImpression',
  identifier: string,
): Promise<CachedResource[]> {
  const found = await client.search(
    type,
    `identifier=${encodeURIComponent(`${IDENTIFIER_SYSTEM}|${identifier}`)}`,
    { signal },
  );
  return found.matches;
}
