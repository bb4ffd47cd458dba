import type { OutboxEntry } from '../cache/contracts.ts';
import { FhirError } from '../fhir/fhir-error.ts';
import { bundleResources, isIdentifiedResourceOf, isResourceOf } from '../fhir/fhir-parse.ts';
import type { SubmitMeasurementPayload } from './entries.ts';
import { byIdentifier, type Outcome, type SendContext } from './send-outcome.ts';

/** The server's copy of a submitted measurement, found by its client identifier, or null. */
export async function findSubmittedMeasurement(
  context: SendContext,
  entry: OutboxEntry,
): Promise<Outcome | null> {
  const payload = entry.payload as SubmitMeasurementPayload;
  const found = await byIdentifier(context, 'Observation', payload.identifier);
  return found.length > 0 ? { kind: 'done', resources: found } : null;
}

/** A measurement by `$submit-measurement`: a transaction Bundle of one Observation. */
export async function submitMeasurement(
  context: SendContext,
  entry: OutboxEntry,
): Promise<Outcome> {
  const payload = entry.payload as SubmitMeasurementPayload;
  const body = {
    resourceType: 'Parameters',
    parameter: [
      {
        name: 'measurement',
        resource: {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            {
              fullUrl: payload.identifier,
              resource: payload.observation,
              request: { method: 'POST', url: 'Observation' },
            },
          ],
        },
      },
    ],
  };
  try {
    const answer = await context.client.send('POST', '$submit-measurement', {
      body,
      headers: { 'x-request-id': entry.id },
      signal: context.signal,
    });
    const bundle = isResourceOf(answer.resource, 'Bundle') ? answer.resource : null;
    const stored = bundleResources(bundle).filter((r) => isIdentifiedResourceOf(r, 'Observation'));
    if (stored.length === 0) {
      // Answered, but not with what was stored: find it by identifier.
      const found = await byIdentifier(context, 'Observation', payload.identifier);
      if (found.length === 0)
        throw new FhirError(
          'invalid-response',
          answer.status,
          'The FHIR server did not say what it stored.',
        );
      return { kind: 'done', resources: found };
    }
    return { kind: 'done', resources: stored };
  } catch (error) {
    if (error instanceof FhirError && error.status === 409) {
      // Already stored (our earlier attempt, delivered twice): the server's copy is ours.
      const found = await findSubmittedMeasurement(context, entry);
      if (found) return found;
    }
    throw error;
  }
}
