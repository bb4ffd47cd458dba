import type {
  Observation,
  ObservationComponent,
  Quantity,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { toCodeableConcept } from '../../../shared/fhir/coding.ts';
import { QualityType, UsageQuality } from '../../../shared/fhir/codes-workflow.ts';
import {
  ObservationCode,
  type ObservationCodeKey,
} from '../../../shared/fhir/observation-codes.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import type { CachedResource, OpenedCache } from '../cache/contracts.ts';
import type { MeasurementInput } from './contracts.ts';
import { IDENTIFIER_SYSTEM, localVersion, type SubmitMeasurementPayload } from './entries.ts';
import { ClinicalWriteError, MAX_NOTE, type WriteContext } from './write-context.ts';

/**
 * Registering a measurement: the Observation is built as `$submit-measurement`
 * takes it, with a client identifier so a retry after an uncertain outcome
 * finds it instead of sending it twice (docs/adr/0003, "Outbox"), and cached
 * under a local id until the server assigns one.
 */

function quantity(key: ObservationCodeKey, value: number): Quantity {
  const unit = ObservationCode[key].unit;
  return { value, unit: unit?.print ?? '', system: unit?.system ?? '', code: unit?.code ?? '' };
}

function checkValue(key: ObservationCodeKey, value: number): void {
  const def = ObservationCode[key];
  if (!Number.isFinite(value))
    throw new ClinicalWriteError('invalid-input', `${def.display}: the value is not a number.`);
  if (def.valueType === 'integer' && !Number.isInteger(value))
    throw new ClinicalWriteError(
      'invalid-input',
      `${def.display}: the value must be a whole number.`,
    );
}

/** The Observation as `$submit-measurement` takes it (ehealth-observation), without an id. */
export function buildObservation(
  input: MeasurementInput,
  identifier: string,
  options: { author: string | null; issued: string; serviceRequestId: string | null },
): Observation {
  const def = ObservationCode[input.codeKey] as
    (typeof ObservationCode)[ObservationCodeKey] | undefined;
  if (!def) throw new ClinicalWriteError('invalid-input', 'Unknown measurement code.');
  if (
    !/^[A-Za-z0-9.-]{1,64}$/.test(input.patientId) ||
    !/^[A-Za-z0-9.-]{1,64}$/.test(input.episodeOfCareId)
  )
    throw new ClinicalWriteError(
      'invalid-input',
      'The patient or episode of care id is not valid.',
    );
  const effective = Date.parse(input.effective);
  if (Number.isNaN(effective) || !/T\d{2}:\d{2}/.test(input.effective))
    throw new ClinicalWriteError(
      'invalid-input',
      'The time of the measurement is not a valid instant.',
    );
  const components = def.components ?? [];
  const expected = components.length > 0 ? components.length : 1;
  if (input.values.length !== expected)
    throw new ClinicalWriteError(
      'invalid-input',
      `${def.display} takes ${expected} value${expected === 1 ? '' : 's'}.`,
    );
  const observation: Observation = {
    resourceType: 'Observation',
    meta: { profile: [Profile.observation] },
    extension: [
      {
        url: Ext.workflowEpisodeOfCare,
        valueReference: { reference: `EpisodeOfCare/${input.episodeOfCareId}` },
      },
      {
        url: Ext.quality,
        extension: [
          { url: 'qualityType', valueCodeableConcept: toCodeableConcept(QualityType.UQ) },
          {
            url: 'qualityCode',
            valueCodeableConcept: toCodeableConcept(UsageQuality.enteredManually),
          },
        ],
      },
    ],
    identifier: [{ system: IDENTIFIER_SYSTEM, value: identifier }],
    ...(options.serviceRequestId
      ? { basedOn: [{ reference: `ServiceRequest/${options.serviceRequestId}` }] }
      : {}),
    status: 'final',
    code: toCodeableConcept(def),
    subject: { reference: `Patient/${input.patientId}` },
    effectiveDateTime: new Date(effective).toISOString(),
    issued: options.issued,
    performer: [{ reference: options.author ?? `Patient/${input.patientId}` }],
  };
  if (components.length === 0) {
    const [value] = input.values;
    checkValue(input.codeKey, value ?? Number.NaN);
    observation.valueQuantity = quantity(input.codeKey, value ?? Number.NaN);
  } else {
    observation.component = components.map((key, i): ObservationComponent => {
      const value = input.values[i] ?? Number.NaN;
      checkValue(key, value);
      return { code: toCodeableConcept(ObservationCode[key]), valueQuantity: quantity(key, value) };
    });
  }
  if (input.note !== undefined && input.note.trim().length > 0) {
    if (input.note.length > MAX_NOTE)
      throw new ClinicalWriteError('invalid-input', 'The note is too long.');
    observation.note = [{ text: input.note }];
  }
  return observation;
}

/** The active ServiceRequest of the episode that asks for this measurement, from the cache. */
async function serviceRequestFor(
  cache: OpenedCache,
  input: MeasurementInput,
): Promise<string | null> {
  const def = ObservationCode[input.codeKey];
  const requests = await cache.resources.byEpisode<ServiceRequest & { id: string }>(
    'ServiceRequest',
    [input.episodeOfCareId],
  );
  const match = requests.find(
    (request) =>
      request.status === 'active' &&
      (request.code?.coding ?? []).some((c) => c.system === def.system && c.code === def.code),
  );
  return match?.id ?? null;
}

export async function registerMeasurement(
  ctx: WriteContext,
  input: MeasurementInput,
): Promise<{ observationId: string }> {
  const { cache, author, now, uuid } = ctx;
  const identifier = `urn:uuid:${uuid()}`;
  const serviceRequestId = await serviceRequestFor(cache, input);
  const observation = buildObservation(input, identifier, {
    author,
    issued: new Date(now()).toISOString(),
    serviceRequestId,
  });
  const observationId = `local-${uuid()}`;
  const resource = {
    ...observation,
    id: observationId,
    meta: { ...observation.meta, versionId: localVersion(null, uuid().slice(0, 8)) },
  } as CachedResource;
  const payload: SubmitMeasurementPayload = {
    observation,
    identifier,
    patientId: input.patientId,
  };
  await ctx.enqueue(
    { resource, expectedVersionId: null },
    {
      kind: 'submit-measurement',
      resourceType: 'Observation',
      resourceId: observationId,
      baseVersionId: null,
      payload,
    },
  );
  return { observationId };
}
