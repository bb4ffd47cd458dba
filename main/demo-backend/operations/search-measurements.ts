import type { BackendContext } from '../backend-context.ts';
import type { RequestData } from '../fhir/request-data.ts';
import { jsonReply, type HttpReply } from '../fhir/replies.ts';
import type { StoredResource } from '../store/resource-store.ts';
import {
  clinicalTimeOf,
  COHERENT_SUBMISSION_POLICY,
  MEASUREMENT_TYPES,
} from './measurement-facts.ts';
import { hasAnyTag, OperationInput } from './operation-input.ts';

/**
 * `$search-measurements-bundle-limit` (measurement service): up to `count`
 * submissions (≤ 100), each as a nested collection Bundle of the Observations,
 * QuestionnaireResponses, Media and Provenances submitted together, ordered by
 * clinical time. With `start`: submissions after it, ascending; with `end`:
 * before it, descending; with both (the IG says "one of"): between, ascending.
 * A submission is the set of targets of the server's coherent-submission
 * Provenance; a measurement without one (seeded data) is its own submission.
 * `_tag` narrows to measurements with one of the tags.
 */

const NAMES = ['patient', 'episodeOfCare', 'count', 'start', 'end', 'based-on', '_tag'];
const MAX_COUNT = 100;

interface Submission {
  readonly time: number;
  readonly members: StoredResource[];
}

export function searchMeasurementsBundleLimit(
  request: RequestData,
  context: BackendContext,
): HttpReply {
  const input = OperationInput.from('search-measurements-bundle-limit', request);
  input.allowOnly(NAMES);
  const count = input.integer('count', true) ?? 0;
  if (count < 1 || count > MAX_COUNT) throw input.error(`"count" must be 1 to ${MAX_COUNT}`);
  const start = input.dateTime('start', false);
  const end = input.dateTime('end', false);
  if (start === undefined && end === undefined) throw input.error('needs "start" or "end"');
  const toInternal = (reference: string): string => context.wire.toInternal(reference);
  const patient = input.reference('patient', false);
  const episode = input.reference('episodeOfCare', false);
  const basedOn = input.references('based-on').map(toInternal);
  if (!patient && !episode && basedOn.length === 0)
    throw input.error('needs "patient", "episodeOfCare" or "based-on"');
  const tags = input.codings('_tag');
  const criteria = {
    patient: patient === undefined ? undefined : toInternal(patient),
    episode: episode === undefined ? undefined : toInternal(episode),
    basedOn,
  };
  const from = start === undefined ? Number.NEGATIVE_INFINITY : Date.parse(start);
  const to = end === undefined ? Number.POSITIVE_INFINITY : Date.parse(end);
  const descending = start === undefined;

  // Measurements in the window, nearest first: a submission's place is that of its first member
  // met, so once `count` submissions are met the rest cannot enter the page (no need to look up
  // the submissions of thousands of older measurements).
  const inWindow: { entry: StoredResource; time: number }[] = [];
  for (const entry of candidates(criteria, context)) {
    const time = Date.parse(clinicalTimeOf(entry.resource) ?? '');
    if (Number.isNaN(time) || time <= from || time >= to) continue;
    if (tags.length > 0 && !hasAnyTag(entry.resource, tags)) continue;
    inWindow.push({ entry, time });
  }
  inWindow.sort((a, b) => (descending ? b.time - a.time : a.time - b.time));
  const submissions = new Map<string, Submission>();
  for (const { entry, time } of inWindow) {
    if (submissions.size >= count) break;
    const { key, members } = submissionOf(entry, context);
    if (!submissions.has(key)) submissions.set(key, { time, members });
  }
  const chosen = [...submissions.values()];
  context.access?.checkShown(chosen.flatMap((submission) => submission.members));
  const nested = chosen.map((submission) => {
    const entries = submission.members.map(
      (member) =>
        `{"fullUrl":${JSON.stringify(context.wire.absolute(member.type, member.id))},"resource":${context.wire.toWire(member.resource)}}`,
    );
    return `{"resource":{"resourceType":"Bundle","type":"collection","entry":[${entries.join(',')}]}}`;
  });
  const head = JSON.stringify({
    resourceType: 'Bundle',
    id: context.newId(),
    meta: { lastUpdated: new Date(context.clock.readMark()).toISOString() },
    type: 'collection',
  });
  return jsonReply(
    200,
    nested.length === 0 ? head : `${head.slice(0, -1)},"entry":[${nested.join(',')}]}`,
  );
}

interface Criteria {
  readonly patient: string | undefined;
  readonly episode: string | undefined;
  readonly basedOn: readonly string[];
}

/** Measurements on the measurement service matching every given criterion, from the indexes. */
function candidates(criteria: Criteria, { store, indexes }: BackendContext): StoredResource[] {
  const out: StoredResource[] = [];
  for (const type of MEASUREMENT_TYPES) {
    const sets: ReadonlySet<string>[] = [];
    if (criteria.episode)
      sets.push(indexes.idsByReference(type, 'episodeOfCare', criteria.episode));
    if (criteria.patient) sets.push(indexes.idsByReference(type, 'subject', criteria.patient));
    if (criteria.basedOn.length > 0) {
      sets.push(
        new Set(
          criteria.basedOn.flatMap((ref) => [...indexes.idsByReference(type, 'based-on', ref)]),
        ),
      );
    }
    const [smallest, ...others] = [...sets].sort((a, b) => a.size - b.size);
    for (const id of smallest ?? []) {
      if (!others.every((set) => set.has(id))) continue;
      const entry = store.get(type, id);
      if (entry?.service === 'measurement') out.push(entry);
    }
  }
  return out;
}

/** The submission a measurement came in: the targets of its coherent-submission Provenance. */
function submissionOf(
  entry: StoredResource,
  { store, indexes }: BackendContext,
): { key: string; members: StoredResource[] } {
  const ref = `${entry.type}/${entry.id}`;
  for (const provenanceId of indexes.idsByReference('Provenance', 'target', ref)) {
    const provenance = store.get('Provenance', provenanceId);
    const policies = (provenance?.resource as { policy?: string[] } | undefined)?.policy ?? [];
    if (!provenance || !policies.includes(COHERENT_SUBMISSION_POLICY)) continue;
    const targets = (
      (provenance.resource as { target?: { reference?: string }[] }).target ?? []
    ).flatMap((target) => store.getByReference(target.reference ?? '') ?? []);
    const reuse = targets.flatMap((target) =>
      [...indexes.idsByReference('Provenance', 'target', `${target.type}/${target.id}`)].flatMap(
        (id) => (id === provenanceId ? [] : (store.get('Provenance', id) ?? [])),
      ),
    );
    return {
      key: `Provenance/${provenanceId}`,
      members: [...targets, ...new Set(reuse), provenance],
    };
  }
  return { key: ref, members: [entry] };
}
