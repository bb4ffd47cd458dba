import type {
  CarePlan,
  Condition,
  EpisodeOfCare,
  ParametersParameter,
  ServiceRequest,
} from '@medplum/fhirtypes';
import type { BackendContext } from '../backend-context.ts';
import type { RequestData } from '../fhir/request-data.ts';
import { jsonReply, type HttpReply } from '../fhir/replies.ts';
import type { StoredResource } from '../store/resource-store.ts';
import {
  clinicalTimeOf,
  MEASUREMENT_TYPES,
  resolvedTimingOf,
  statusOf,
} from './measurement-facts.ts';
import { hasAnyTag, OperationInput } from './operation-input.ts';
import { resolveTiming, type Slot } from '../../../shared/fhir/resolved-timing.ts';

/**
 * `$get-patient-procedures` (careplan service): per active ServiceRequest of an
 * active CarePlan of the patient's active EpisodesOfCare (narrowed by
 * `episodeOfCare`, `conditionCodings`, `_tag`), one row per resolved time slot
 * overlapping [start, end] with the measurements submitted and expected; one row
 * for Adhoc and Unresolved regimes; with `extra=true`, an Extra row for requests
 * that allow extra submissions. Answer: a collection Bundle of one Parameters
 * (rows `item_1…n`, columns as the OperationDefinition lists them) plus the
 * CarePlans and ServiceRequests it refers to. Measurements count by their
 * `resolvedTiming` when it names the slot, else by clinical time inside it.
 */

const NAMES = ['patient', 'episodeOfCare', 'conditionCodings', 'start', 'end', '_tag', 'extra'];
const INCLUDE_AS_EXTRA =
  'http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-include-as-extra';

export function getPatientProcedures(request: RequestData, context: BackendContext): HttpReply {
  const input = OperationInput.from('get-patient-procedures', request);
  input.allowOnly(NAMES);
  const toInternal = (reference: string): string => context.wire.toInternal(reference);
  const patient = toInternal(input.reference('patient', true) ?? '');
  context.access?.checkPatient(patient.replace(/^Patient\//, ''));
  const from = Date.parse(input.dateTime('start', true) ?? '');
  const to = Date.parse(input.dateTime('end', true) ?? '');
  if (from > to) throw input.error('needs "start" before "end"');
  const wanted = new Set(input.references('episodeOfCare').map(toInternal));
  const conditionCodings = input.codings('conditionCodings');
  const tags = input.codings('_tag');
  const extra = input.boolean('extra') ?? false;
  const { store, indexes, wire } = context;

  const episodes = [...indexes.idsByReference('EpisodeOfCare', 'patient', patient)].flatMap(
    (id) => {
      const entry = store.get('EpisodeOfCare', id);
      if (!entry || statusOf(entry.resource) !== 'active') return [];
      if (wanted.size > 0 && !wanted.has(`EpisodeOfCare/${id}`)) return [];
      if (tags.length > 0 && !hasAnyTag(entry.resource, tags)) return [];
      if (
        conditionCodings.length > 0 &&
        !hasCondition(entry.resource as EpisodeOfCare, conditionCodings, context)
      )
        return [];
      return [entry];
    },
  );
  const rows: ParametersParameter[] = [];
  const carePlans = new Map<string, StoredResource>();
  const serviceRequests = new Map<string, StoredResource>();
  for (const episode of episodes) {
    for (const planId of indexes.idsByReference(
      'CarePlan',
      'episodeOfCare',
      `EpisodeOfCare/${episode.id}`,
    )) {
      const plan = store.get('CarePlan', planId);
      if (!plan || statusOf(plan.resource) !== 'active') continue;
      for (const activity of (plan.resource as CarePlan).activity ?? []) {
        const request = store.getByReference(activity.reference?.reference ?? '');
        if (request?.type !== 'ServiceRequest' || statusOf(request.resource) !== 'active') continue;
        const made = rowsFor(plan, request, from, to, extra, context);
        if (made.length === 0) continue;
        carePlans.set(plan.id, plan);
        serviceRequests.set(request.id, request);
        rows.push(...made);
      }
    }
  }
  const parameters = {
    resourceType: 'Parameters',
    parameter: rows.map((row, i) => ({ ...row, name: `item_${i + 1}` })),
  };
  const entries = [
    `{"resource":${wire.toWire(parameters as never)}}`,
    ...[...carePlans.values(), ...serviceRequests.values()].map(
      (entry) =>
        `{"fullUrl":${JSON.stringify(wire.absolute(entry.type, entry.id))},"resource":${wire.toWire(entry.resource)}}`,
    ),
  ];
  const head = JSON.stringify({ resourceType: 'Bundle', id: context.newId(), type: 'collection' });
  return jsonReply(200, `${head.slice(0, -1)},"entry":[${entries.join(',')}]}`);
}

function hasCondition(
  episode: EpisodeOfCare,
  codings: readonly { system?: string; code?: string }[],
  context: BackendContext,
): boolean {
  return (episode.diagnosis ?? []).some((diagnosis) => {
    const condition = context.store.getByReference(diagnosis.condition.reference ?? '')
      ?.resource as Condition | undefined;
    return (condition?.code?.coding ?? []).some((own) =>
      codings.some(
        (wanted) => wanted.code === own.code && (!wanted.system || wanted.system === own.system),
      ),
    );
  });
}

interface Submitted {
  readonly time: number;
  readonly timing: ReturnType<typeof resolvedTimingOf>;
  readonly invalidated: boolean;
}

function submittedFor(request: StoredResource, context: BackendContext): Submitted[] {
  const ref = `ServiceRequest/${request.id}`;
  return MEASUREMENT_TYPES.flatMap((type) =>
    [...context.indexes.idsByReference(type, 'based-on', ref)].flatMap((id) => {
      const entry = context.store.get(type, id);
      const time = Date.parse(entry ? (clinicalTimeOf(entry.resource) ?? '') : '');
      if (!entry || Number.isNaN(time)) return [];
      return [
        {
          time,
          timing: resolvedTimingOf(entry.resource),
          invalidated: statusOf(entry.resource) === 'entered-in-error',
        },
      ];
    }),
  );
}

function rowsFor(
  plan: StoredResource,
  request: StoredResource,
  from: number,
  to: number,
  extra: boolean,
  context: BackendContext,
): ParametersParameter[] {
  const serviceRequest = request.resource as ServiceRequest;
  const submitted = submittedFor(request, context);
  const inPeriod = submitted.filter((s) => s.time >= from && s.time <= to);
  const columns = (
    timingType: string,
    counted: readonly Submitted[],
    slot?: Slot,
    timely?: number,
  ): ParametersParameter => ({
    name: 'item',
    part: [
      {
        name: 'CarePlan',
        valueReference: { reference: context.wire.absolute('CarePlan', plan.id) },
      },
      {
        name: 'ServiceRequest',
        valueReference: { reference: context.wire.absolute('ServiceRequest', request.id) },
      },
      { name: 'ServiceRequestVersionId', valueString: String(request.versionId) },
      {
        name: 'Activity',
        valueString: serviceRequest.code?.text ?? serviceRequest.code?.coding?.[0]?.display ?? '',
      },
      ...(slot
        ? [
            { name: 'ResolvedTimingStart', valueDateTime: new Date(slot.start).toISOString() },
            { name: 'ResolvedTimingEnd', valueDateTime: new Date(slot.end).toISOString() },
          ]
        : []),
      { name: 'TotalSubmitted', valueInteger: counted.filter((s) => !s.invalidated).length },
      ...(timely === undefined ? [] : [{ name: 'SubmittedTimely', valueInteger: timely }]),
      { name: 'TimingType', valueString: timingType },
      ...(slot ? [{ name: 'OccurrencesRequested', valueInteger: slot.occurrences }] : []),
      { name: 'TotalInvalidated', valueInteger: counted.filter((s) => s.invalidated).length },
    ],
  });
  const resolution = resolveTiming(serviceRequest);
  const rows: ParametersParameter[] = [];
  if (resolution.kind === 'adhoc') rows.push(columns('Adhoc', inPeriod));
  else if (resolution.kind === 'unresolved') rows.push(columns('Unresolved', inPeriod));
  else {
    for (const slot of resolution.slots(from, to)) {
      const inSlot = (s: Submitted): boolean => s.time >= slot.start && s.time <= slot.end;
      const counted = submitted.filter((s) =>
        s.timing?.start
          ? Date.parse(s.timing.start) === slot.start && s.timing.type === 'Resolved'
          : inSlot(s),
      );
      rows.push(
        columns(
          'Resolved',
          counted,
          slot,
          counted.filter((s) => !s.invalidated && inSlot(s)).length,
        ),
      );
    }
  }
  const allowsExtra = (serviceRequest.extension ?? []).some(
    (e) => e.url === INCLUDE_AS_EXTRA && e.valueBoolean === true,
  );
  if (extra && allowsExtra)
    rows.push(
      columns(
        'Extra',
        inPeriod.filter((s) => s.timing?.type === 'Extra'),
      ),
    );
  return rows;
}
