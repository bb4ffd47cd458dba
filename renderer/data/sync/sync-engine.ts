import type { CachedResource, ResourceCache } from '../cache/contracts.ts';
import type { FhirClient } from '../fhir/fhir-client.ts';
import type { SyncProgress, SyncReport, SyncScope } from './contracts.ts';
import { syncByCheckpoint } from './sync-checkpoints.ts';
import {
  DEFAULT_SYNC_TUNING,
  throwIfAborted,
  type SyncContext,
  type SyncCounters,
  type SyncTuning,
} from './sync-context.ts';
import { syncIdSet, syncQuestionnaires } from './sync-id-sets.ts';
import { syncObservations } from './sync-observations.ts';
import { SyncProgressTracker } from './sync-progress.ts';
import { digest, PHASES } from './sync-resources.ts';
import { syncEpisodes, syncPatients, teamMembers } from './sync-scope.ts';

/**
 * One incremental sync run (docs/adr/0003, "Sync"): one strategy per resource
 * type, using only the searches FUT's CapabilityStatements offer:
 *
 * - CareTeam, Practitioner, Organization: the scope's teams, their members
 *   and organisations by `_id`, with a `_lastUpdated` checkpoint;
 * - EpisodeOfCare (+ Condition by `_include`): the scoped set re-read by
 *   `team`, written where the versionId differs, an episode gone from the set
 *   removed with what hangs on it;
 * - Patient: the episodes' patients re-read by `_id`, removal by reconciliation;
 * - CarePlan (+ ServiceRequest by `_include`), Task, ClinicalImpression,
 *   QuestionnaireResponse: per episode of care, `_lastUpdated=gt<checkpoint>`;
 * - Communication, Appointment (patient service, no `episodeOfCare`): per
 *   patient, `_lastUpdated=gt<checkpoint>`; Questionnaire: all, by checkpoint;
 * - Observation (no `_lastUpdated`): per episode by clinical time,
 *   `date=ge<last read − trailing window>`, a full re-read of an episode when
 *   a new measurement Task for it arrives, removals by reconciling the window.
 *
 * Checkpoints are server time (`Bundle.meta.lastUpdated` of a listing's first
 * page) and are stored only after the whole listing is written, so a run
 * killed anywhere repeats from the old checkpoint and de-duplicates by id +
 * versionId. A run that finds nothing new writes nothing: not a resource, not
 * a checkpoint.
 */

export interface RunSyncOptions {
  readonly fhir: FhirClient;
  readonly cache: ResourceCache;
  readonly scope: SyncScope;
  readonly onProgress?: (progress: SyncProgress) => void;
  readonly signal?: AbortSignal;
  /** The clock (tests): the trailing window's schedule and the report's end; checkpoints are server time. */
  readonly now?: () => Date;
  readonly tuning?: Partial<SyncTuning>;
}

/** Runs one sync; resolves with what it did, rejects with a FhirError (or the abort reason). */
export async function runSync(options: RunSyncOptions): Promise<SyncReport> {
  const { fhir, cache, scope, signal } = options;
  const counters: SyncCounters = {
    requests: 0,
    stateWrites: 0,
    unchanged: 0,
    serverTime: null,
    requestsByType: new Map(),
    listingsByType: new Map(),
  };
  const progress = new SyncProgressTracker(
    options.onProgress ?? (() => undefined),
    () => counters.requests,
  );
  const tuning: SyncTuning = { ...DEFAULT_SYNC_TUNING, ...options.tuning };
  const now = options.now ?? (() => new Date());
  throwIfAborted(signal);
  const teams = [...new Set(scope.careTeamIds)].sort();
  const scopeKey = await digest(`${scope.practitionerId}|${teams.join(',')}`);
  const context: SyncContext = { fhir, cache, signal, tuning, progress, counters, now, scopeKey };
  for (const phase of PHASES) progress.plan(phase, 1);
  progress.emit();

  // Who: the teams, their members and organisations.
  await syncIdSet(context, 'CareTeam', teams);
  const careTeams = (await cache.all<CachedResource>('CareTeam')).filter((team) =>
    teams.includes(team.id),
  );
  const members = teamMembers(careTeams, scope.practitionerId);
  await syncIdSet(context, 'Practitioner', members.practitioners);
  await syncIdSet(context, 'Organization', members.organizations);

  // The caseload: episodes (re-read), their patients (re-read).
  const episodes = await syncEpisodes(context, teams);
  const episodeIds = [...episodes.keys()].sort();
  const patientIds = [...new Set(episodes.values())].sort();
  await syncPatients(context, patientIds);

  // What hangs on the episodes and patients.
  const byEpisode = { param: 'episodeOfCare', keyType: 'EpisodeOfCare', keys: episodeIds } as const;
  const byPatient = { param: 'patient', keyType: 'Patient', keys: patientIds } as const;
  await syncByCheckpoint(context, {
    type: 'CarePlan',
    ...byEpisode,
    include: '&_include=CarePlan:activity-reference',
  });
  await syncByCheckpoint(context, { type: 'Task', ...byEpisode });
  await syncByCheckpoint(context, { type: 'ClinicalImpression', ...byEpisode });
  await syncByCheckpoint(context, { type: 'QuestionnaireResponse', ...byEpisode });
  await syncByCheckpoint(context, { type: 'Communication', ...byPatient });
  await syncByCheckpoint(context, { type: 'Appointment', ...byPatient });
  await syncQuestionnaires(context);
  await syncObservations(context, episodeIds);

  progress.finish();
  const byType = progress.types();
  return {
    requests: counters.requests,
    read: byType.reduce((sum, t) => sum + t.read, 0),
    written: byType.reduce((sum, t) => sum + t.written, 0),
    unchanged: counters.unchanged,
    removed: byType.reduce((sum, t) => sum + t.removed, 0),
    serverTime: counters.serverTime,
    byType,
    requestsByType: Object.fromEntries(counters.requestsByType),
    listingsByType: Object.fromEntries(counters.listingsByType),
    stateWrites: counters.stateWrites,
    finishedAt: now().toISOString(),
  };
}
