import type { Condition, EpisodeOfCare, Patient, Task } from '@medplum/fhirtypes';
import {
  episodeView,
  CURRENT_EPISODE_STATUSES,
  inEpisodeOrder,
  type EpisodeView,
} from './episode.ts';
import { patientView } from './patient.ts';
import { compareIds, referenceId } from './references.ts';

/** One citizen on a caseload: who, which forløb, and what is waiting. */
export interface CaseloadRow {
  readonly patientId: string;
  readonly name: string;
  readonly cpr: string;
  readonly age: number | null;
  readonly protected: boolean;
  readonly episodes: readonly EpisodeView[];
  /** Tasks not yet done for this citizen in the scope's teams. */
  readonly openTasks: number;
}

/** The FHIR resources a caseload is built from, whether fetched or cached. */
export interface CaseloadResources {
  readonly episodes: readonly EpisodeOfCare[];
  readonly patients: readonly Patient[];
  readonly conditions: readonly Condition[];
  readonly openTasks: readonly Task[];
}

/** Task statuses that still need someone. */
export const OPEN_TASK_STATUSES: readonly Task['status'][] = [
  'draft',
  'requested',
  'received',
  'accepted',
  'ready',
  'in-progress',
  'on-hold',
];

/**
 * One row per citizen with a current forløb in scope, sorted by name (Danish
 * collation), then by id, so citizens of the same name keep one order
 * whatever order the source gave them in.
 */
export function caseloadRows(resources: CaseloadResources, today: string): CaseloadRow[] {
  const conditions = new Map(
    resources.conditions.map((condition) => [condition.id ?? '', condition]),
  );
  const episodesByPatient = new Map<string, EpisodeView[]>();
  for (const episode of inEpisodeOrder(resources.episodes)) {
    if (!CURRENT_EPISODE_STATUSES.includes(episode.status)) continue;
    const view = episodeView(episode, conditions);
    episodesByPatient.set(view.patientId, [...(episodesByPatient.get(view.patientId) ?? []), view]);
  }
  const tasksByPatient = new Map<string, number>();
  for (const task of resources.openTasks) {
    const patientId = referenceId(task.for?.reference, 'Patient');
    if (patientId && OPEN_TASK_STATUSES.includes(task.status))
      tasksByPatient.set(patientId, (tasksByPatient.get(patientId) ?? 0) + 1);
  }
  const collator = new Intl.Collator('da');
  return (
    resources.patients
      // A record without id is no one's: forløb of a foreign citizen (patientId '') are not its.
      .filter((patient) => patient.id !== undefined && episodesByPatient.has(patient.id))
      .map((patient) => {
        const view = patientView(patient, today);
        return {
          patientId: view.id,
          name: view.name,
          cpr: view.cpr,
          age: view.age,
          protected: view.protected,
          episodes: episodesByPatient.get(view.id) ?? [],
          openTasks: tasksByPatient.get(view.id) ?? 0,
        };
      })
      .sort((a, b) => collator.compare(a.name, b.name) || compareIds(a.patientId, b.patientId))
  );
}
