import type { ClinicalImpression, Observation } from '@medplum/fhirtypes';
import { Ext } from '../../../shared/fhir/profiles.ts';
import { StaleBaseError, type CachedResource } from '../cache/contracts.ts';
import {
  IDENTIFIER_SYSTEM,
  localVersion,
  serverVersionBeneath,
  type SetValidityPayload,
} from './entries.ts';
import { ClinicalWriteError, type WriteContext } from './write-context.ts';

/**
 * Invalidating a measurement already sent: Observations are immutable, so a
 * wrong one is corrected with a ClinicalImpression through
 * `$set-measurement-validity`; locally it shows as entered-in-error at once.
 */

/** `invalidateMeasurement`'s decision (cs/clinicalimpression-decision-codes). */
export type InvalidationDecision = 'invalidated-fulfills' | 'invalidated-is-not-fulfillment';

const CS = 'http://ehealth.sundhed.dk/cs/';
const SD = 'http://ehealth.sundhed.dk/fhir/StructureDefinition/';

export async function invalidateMeasurement(
  ctx: WriteContext,
  observationId: string,
  expectedVersionId: string,
  decision: InvalidationDecision,
): Promise<void> {
  const { cache, author, now, uuid } = ctx;
  const cached = await cache.resources.get<Observation & { id: string }>(
    'Observation',
    observationId,
  );
  if (!cached)
    throw new ClinicalWriteError('not-cached', 'The measurement is not in the local cache.');
  if (observationId.startsWith('local-'))
    throw new ClinicalWriteError(
      'invalid-input',
      'The measurement has not been sent yet: discard it from the outbox instead.',
    );
  const cachedVersion = cached.meta?.versionId ?? null;
  if (cachedVersion !== expectedVersionId) throw new StaleBaseError(cachedVersion);
  const episode = cached.extension?.find((e) => e.url === Ext.workflowEpisodeOfCare)?.valueReference
    ?.reference;
  const subject = cached.subject?.reference;
  if (!episode || !subject?.startsWith('Patient/'))
    throw new ClinicalWriteError(
      'invalid-input',
      'The measurement has no episode of care or patient.',
    );
  const measurementIdentifier =
    cached.identifier?.find((i) => i.system === IDENTIFIER_SYSTEM)?.value ?? null;
  const identifier = `urn:uuid:${uuid()}`;
  const impression: ClinicalImpression = {
    resourceType: 'ClinicalImpression',
    meta: { profile: [`${SD}ehealth-clinicalimpression`] },
    extension: [
      { url: Ext.workflowEpisodeOfCare, valueReference: { reference: episode } },
      {
        url: `${SD}ehealth-clinicalimpression-decision`,
        valueCodeableConcept: {
          coding: [{ system: `${CS}clinicalimpression-decision-codes`, code: decision }],
        },
      },
    ],
    identifier: [{ system: IDENTIFIER_SYSTEM, value: identifier }],
    status: 'completed',
    code: {
      coding: [{ system: `${CS}clinicalimpression-codes`, code: 'MeasurementAssessment' }],
    },
    subject: { reference: subject },
    date: new Date(now()).toISOString(),
    ...(author ? { assessor: { reference: author } } : {}),
    // The measurement's id is filled in when sent (it may still be a local one).
    investigation: [
      {
        code: {
          coding: [
            {
              system: `${CS}clinicalimpression-investigation-item-codes`,
              code: 'item-for-investigation',
            },
          ],
        },
        item: [{ reference: `Observation/${observationId}` }],
      },
    ],
    finding: [
      {
        itemCodeableConcept: {
          coding: [
            {
              system: `${CS}clinicalimpression-finding-codes`,
              code: 'measurement-invalidated',
            },
          ],
        },
      },
    ],
  };
  const serverBase = serverVersionBeneath(expectedVersionId);
  const resource = {
    ...cached,
    status: 'entered-in-error',
    meta: { ...cached.meta, versionId: localVersion(serverBase, uuid().slice(0, 8)) },
  } as CachedResource;
  const payload: SetValidityPayload = {
    impression,
    identifier,
    measurementIdentifier,
    patientId: subject.slice('Patient/'.length),
    base: cached,
  };
  await ctx.enqueue(
    { resource, expectedVersionId },
    {
      kind: 'set-measurement-validity',
      resourceType: 'Observation',
      resourceId: observationId,
      baseVersionId: expectedVersionId,
      payload,
    },
  );
}
