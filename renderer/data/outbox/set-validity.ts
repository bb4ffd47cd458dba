import type { ClinicalImpression } from '@medplum/fhirtypes';
import type { OutboxEntry } from '../cache/contracts.ts';
import { FhirError } from '../fhir/fhir-error.ts';
import { isIdentifiedResourceOf } from '../fhir/fhir-parse.ts';
import type { SetValidityPayload } from './entries.ts';
import { byIdentifier, type Outcome, type SendContext } from './send-outcome.ts';

/** The server's copy of a validity change, found by its client identifier, or null. */
export async function findValidityChange(
  context: SendContext,
  entry: OutboxEntry,
): Promise<Outcome | null> {
  const payload = entry.payload as SetValidityPayload;
  const [impression] = await byIdentifier(context, 'ClinicalImpression', payload.identifier);
  if (!isIdentifiedResourceOf(impression, 'ClinicalImpression')) return null;
  return validityDone(context, entry, impression);
}

/**
 * A measurement's validity by `ClinicalImpression/$set-measurement-validity`;
 * a measurement still local is first found on the server by its identifier.
 */
export async function setValidity(context: SendContext, entry: OutboxEntry): Promise<Outcome> {
  const payload = entry.payload as SetValidityPayload;
  let observationId = entry.resourceId;
  if (observationId.startsWith('local-')) {
    const [found] = payload.measurementIdentifier
      ? await byIdentifier(context, 'Observation', payload.measurementIdentifier)
      : [];
    if (!found)
      return {
        kind: 'attention',
        conflict: 'measurement-not-found',
        text: 'The measurement to correct is not on the server.',
      };
    observationId = found.id;
  }
  const impression: ClinicalImpression = {
    ...payload.impression,
    investigation: (payload.impression.investigation ?? []).map((investigation) => ({
      ...investigation,
      item: (investigation.item ?? []).map((item) =>
        item.reference === `Observation/${entry.resourceId}`
          ? { reference: `Observation/${observationId}` }
          : item,
      ),
    })),
  };
  try {
    const answer = await context.client.send(
      'POST',
      'ClinicalImpression/$set-measurement-validity',
      {
        body: {
          resourceType: 'Parameters',
          parameter: [{ name: 'clinicalImpression', resource: impression }],
        },
        headers: { 'x-request-id': entry.id },
        signal: context.signal,
      },
    );
    const stored = answer.resource;
    if (!isIdentifiedResourceOf(stored, 'ClinicalImpression')) {
      const found = await findValidityChange(context, entry);
      if (found) return found;
      throw new FhirError(
        'invalid-response',
        answer.status,
        'The FHIR server did not say what it stored.',
      );
    }
    return await validityDone(context, entry, stored, observationId);
  } catch (error) {
    if (error instanceof FhirError && error.status === 409) {
      const found = await findValidityChange(context, entry);
      if (found) return found;
    }
    throw error;
  }
}

/** The stored impression with the measurement it judges, read back for the cache. */
async function validityDone(
  context: SendContext,
  entry: OutboxEntry,
  impression: ClinicalImpression & { id: string },
  knownId?: string,
): Promise<Outcome> {
  const item = impression.investigation
    ?.flatMap((i) => i.item ?? [])
    .map((i) => /^Observation\/([^/]+)/.exec(i.reference ?? '')?.[1])
    .find(Boolean);
  const observationId = knownId ?? item ?? entry.resourceId;
  const observation = await context.client.read('Observation', observationId, context.signal);
  return {
    kind: 'done',
    resources: [observation, impression],
  };
}
