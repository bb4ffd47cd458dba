import type {
  ClinicalImpression,
  Observation,
  ObservationComponent,
  Quantity,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { toCodeableConcept } from '../../../shared/fhir/coding.ts';
import { QualityType, UsageQuality } from '../../../shared/fhir/codes-workflow.ts';
import {
  ObservationCode,
  type ObservationCodeKey,
} from '../../../shared/fhir/observation-codes.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import { StaleBaseError, type CachedResource, type OpenedCache } from '../cache/contracts.ts';
import type { ClinicalWrites, MeasurementInput } from './contracts.ts';
import {
  applyTaskChange,
  IDENTIFIER_SYSTEM,
  localVersion,
  serverVersionBeneath,
  type SetValidityPayload,
  type SubmitMeasurementPayload,
  type TaskChange,
  type TaskChangePayload,
} from './entries.ts';

/** A write the workbench refuses before storing anything (bad input, or nothing cached to change). */
export class ClinicalWriteError extends Error {
  readonly code: 'invalid-input' | 'not-cached';
  constructor(code: ClinicalWriteError['code'], message: string) {
    super(message);
    this.name = 'ClinicalWriteError';
    this.code = code;
  }
}

export interface ClinicalWritesOptions {
  readonly cache: OpenedCache;
  /** The signed-in clinician as a reference (`Practitioner/…`): performer, note author, owner. */
  readonly author?: string | null;
  readonly now?: () => number;
  readonly uuid?: () => string;
  /** After each write is queued: the app refreshes the unsent count and nudges the sender. */
  readonly onEnqueued?: () => void;
}

/** `invalidateMeasurement`'s decision (cs/clinicalimpression-decision-codes). */
export type InvalidationDecision = 'invalidated-fulfills' | 'invalidated-is-not-fulfillment';

/** ClinicalWrites plus the correction of a measurement already registered. */
export interface OutboxClinicalWrites extends ClinicalWrites {
  /**
   * Observations are immutable: a wrong one is invalidated through
   * `$set-measurement-validity`. Locally it shows as entered-in-error at once.
   */
  invalidateMeasurement(
    observationId: string,
    expectedVersionId: string,
    decision: InvalidationDecision,
  ): Promise<void>;
}

const MAX_NOTE = 10_000;
const CS = 'http://ehealth.sundhed.dk/cs/';
const SD = 'http://ehealth.sundhed.dk/fhir/StructureDefinition/';

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

/**
 * Local writes: each updates the encrypted cache and queues its outbox entry
 * in one transaction (OutboxStore.enqueue), which checks the cached versionId.
 */
export function createClinicalWrites(options: ClinicalWritesOptions): OutboxClinicalWrites {
  const { cache } = options;
  const now = options.now ?? Date.now;
  const uuid = options.uuid ?? (() => crypto.randomUUID());
  const author = options.author ?? null;
  const enqueued = options.onEnqueued ?? (() => undefined);

  async function enqueue(...args: Parameters<OpenedCache['outbox']['enqueue']>): Promise<void> {
    await cache.outbox.enqueue(...args);
    enqueued();
  }

  async function changeTask(taskId: string, expectedVersionId: string, change: TaskChange) {
    const cached = await cache.resources.get<Task & { id: string }>('Task', taskId);
    if (!cached) throw new ClinicalWriteError('not-cached', 'The task is not in the local cache.');
    const cachedVersion = cached.meta?.versionId ?? null;
    if (cachedVersion !== expectedVersionId) throw new StaleBaseError(cachedVersion);
    const serverBase = serverVersionBeneath(expectedVersionId);
    const changed = applyTaskChange(cached, change) as Task & { id: string };
    const resource = {
      ...changed,
      meta: { ...changed.meta, versionId: localVersion(serverBase, uuid().slice(0, 8)) },
    } as CachedResource;
    const payload: TaskChangePayload = { base: cached, serverBase, change };
    await enqueue(
      { resource, expectedVersionId },
      {
        kind: change.op === 'acknowledge' ? 'acknowledge-task' : 'add-task-note',
        resourceType: 'Task',
        resourceId: taskId,
        baseVersionId: expectedVersionId,
        payload,
      },
    );
  }

  return {
    async registerMeasurement(input) {
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
      await enqueue(
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
    },

    async acknowledgeTask(taskId, expectedVersionId) {
      await changeTask(taskId, expectedVersionId, {
        op: 'acknowledge',
        at: new Date(now()).toISOString(),
        by: author,
      });
    },

    async addTaskNote(taskId, expectedVersionId, text) {
      const trimmed = text.trim();
      if (trimmed.length === 0) throw new ClinicalWriteError('invalid-input', 'The note is empty.');
      if (trimmed.length > MAX_NOTE)
        throw new ClinicalWriteError('invalid-input', 'The note is too long.');
      await changeTask(taskId, expectedVersionId, {
        op: 'note',
        note: {
          text: trimmed,
          time: new Date(now()).toISOString(),
          ...(author ? { authorReference: { reference: author } } : {}),
        },
      });
    },

    async invalidateMeasurement(observationId, expectedVersionId, decision) {
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
      const episode = cached.extension?.find((e) => e.url === Ext.workflowEpisodeOfCare)
        ?.valueReference?.reference;
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
      await enqueue(
        { resource, expectedVersionId },
        {
          kind: 'set-measurement-validity',
          resourceType: 'Observation',
          resourceId: observationId,
          baseVersionId: expectedVersionId,
          payload,
        },
      );
    },
  };
}
