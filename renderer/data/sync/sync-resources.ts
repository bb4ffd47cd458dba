import { CACHED_TYPES, type CachedResource, type CachedType } from '../cache/contracts.ts';
import { fieldsOf } from '../fhir/fhir-fields.ts';
import { referenceId } from '../model/references.ts';

/**
 * What a sync run needs to know about the resources it reads and about its own
 * state records: versions, references to episodes, Task categories, how keys
 * are packed into searches, and the shapes of stored checkpoints. Pure: no
 * requests, no cache.
 */

export const DAY_MS = 86_400_000;
export const CACHED: ReadonlySet<string> = new Set(CACHED_TYPES);
export const MEASUREMENT_TASK_CATEGORIES: ReadonlySet<string> = new Set([
  'MeasurementForAssessment',
  'UnexpectedMeasurementResolving',
]);
const TASK_CATEGORY_URL =
  'http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-task-category';
/** Types whose resources hang on an episode of care (removed with it). */
export const BY_EPISODE: readonly CachedType[] = [
  'CarePlan',
  'Task',
  'ClinicalImpression',
  'QuestionnaireResponse',
  'Observation',
];
/** Types whose resources hang on a patient (removed with the patient). */
export const BY_PATIENT: readonly CachedType[] = ['Communication', 'Appointment'];

/** Per-key checkpoint map (episode or patient id → server time of its last complete listing). */
export type Checkpoints = Record<string, string>;

export interface IdSetState {
  readonly set: string;
  readonly at: string;
}

export function isLocalVersion(versionId: string | undefined): boolean {
  return versionId?.startsWith('local-') ?? false;
}

export function versionOf(resource: CachedResource): string | undefined {
  return resource.meta?.versionId;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function refs(type: string, ids: readonly string[]): string {
  return ids.map((id) => `${type}/${encodeURIComponent(id)}`).join(',');
}

export function list(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  return value === undefined || value === null ? [] : [value];
}

export function refOf(value: unknown): string | undefined {
  const reference = fieldsOf(value).reference;
  return typeof reference === 'string' ? reference : undefined;
}

export function hasEffectiveTime(resource: CachedResource): boolean {
  const r = fieldsOf(resource);
  return (
    typeof r.effectiveDateTime === 'string' ||
    typeof r.effectiveInstant === 'string' ||
    typeof fieldsOf(r.effectivePeriod).start === 'string'
  );
}

export function taskCategories(task: CachedResource): string[] {
  const codes: string[] = [];
  for (const extension of list(fieldsOf(task).extension)) {
    const e = fieldsOf(extension);
    if (e.url !== TASK_CATEGORY_URL) continue;
    for (const coding of list(fieldsOf(e.valueCodeableConcept).coding)) {
      const code = fieldsOf(coding).code;
      if (typeof code === 'string') codes.push(code);
    }
  }
  return codes;
}

export function episodeOfTask(task: CachedResource): string | null {
  for (const extension of list(fieldsOf(task).extension)) {
    const id = referenceId(refOf(fieldsOf(extension).valueReference), 'EpisodeOfCare');
    if (id) return id;
  }
  return null;
}

export function parseJson<T>(
  text: string | undefined,
  check: (value: unknown) => value is T,
): T | null {
  if (text === undefined) return null;
  try {
    const value: unknown = JSON.parse(text);
    return check(value) ? value : null;
  } catch {
    return null;
  }
}

export const isCheckpoints = (value: unknown): value is Checkpoints =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === 'string' && Number.isFinite(Date.parse(v)));
export const isIdSetState = (value: unknown): value is IdSetState =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as IdSetState).set === 'string' &&
  typeof (value as IdSetState).at === 'string';
export const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

/** A short, stable, non-reversible name for a set of ids (sync-state keys and set identity). */
export async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)),
  );
  let hex = '';
  for (const byte of bytes.subarray(0, 12)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export const PHASES: readonly CachedType[] = [
  'CareTeam',
  'Practitioner',
  'Organization',
  'EpisodeOfCare',
  'Patient',
  'CarePlan',
  'Task',
  'ClinicalImpression',
  'QuestionnaireResponse',
  'Communication',
  'Appointment',
  'Questionnaire',
  'Observation',
];

/**
 * Keys into searches of at most `size`: keys never read ('') apart, read
 * whole; the others by checkpoint, oldest first, each search from the oldest
 * checkpoint among its keys (a superset of what each needs: de-duplicated by
 * versionId). So a quiet caseload costs one search per `size` keys however
 * its checkpoints have drifted apart.
 */
export function packByCheckpoint(
  keys: readonly string[],
  checkpointOf: (key: string) => string,
  size: number,
): { since: string; part: string[] }[] {
  const fresh = keys.filter((key) => checkpointOf(key) === '');
  const known = keys
    .filter((key) => checkpointOf(key) !== '')
    .sort((a, b) => Date.parse(checkpointOf(a)) - Date.parse(checkpointOf(b)));
  return [
    ...chunk(fresh, size).map((part) => ({ since: '', part })),
    ...chunk(known, size).map((part) => ({ since: checkpointOf(part[0] as string), part })),
  ];
}

export function linkedEpisodes(resource: CachedResource): string[] {
  const r = fieldsOf(resource);
  const ids: string[] = [];
  for (const value of [
    ...list(r.extension).map((extension) => fieldsOf(extension).valueReference),
    ...list(r.episodeOfCare),
  ]) {
    const id = referenceId(refOf(value), 'EpisodeOfCare');
    if (id) ids.push(id);
  }
  return ids;
}
