import type { CachedResource, CachedType, ResourceCache } from '../cache/contracts.ts';
import { FhirError, type FhirClient } from '../fhir/fhir-client.ts';
import { fieldsOf } from '../fhir/fhir-fields.ts';
import { referenceId } from '../model/references.ts';
import type { SyncProgress, SyncReport, SyncScope } from './contracts.ts';
import { SyncProgressTracker } from './sync-progress.ts';
import {
  DAY_MS,
  CACHED,
  MEASUREMENT_TASK_CATEGORIES,
  BY_EPISODE,
  BY_PATIENT,
  type Checkpoints,
  type IdSetState,
  isLocalVersion,
  versionOf,
  chunk,
  refs,
  list,
  refOf,
  hasEffectiveTime,
  taskCategories,
  episodeOfTask,
  parseJson,
  isCheckpoints,
  isIdSetState,
  isStringArray,
  digest,
  PHASES,
  packByCheckpoint,
  linkedEpisodes,
} from './sync-resources.ts';

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

export interface SyncTuning {
  /** `_count` per page (the demo back end and FUT cap it at 1,000). */
  readonly pageSize: number;
  /** References or ids per search, keeping a GET's URL well under 8 KB. */
  readonly idsPerRequest: number;
  /** Observations re-read this far before the last read (late submissions), on a schedule. */
  readonly trailingWindowDays: number;
  /** How often an episode's trailing window is re-read (0: every run). */
  readonly trailingWindowEveryMs: number;
  /** Between window re-reads, Observations are read from the last read less this (in transit). */
  readonly recentOverlapMs: number;
  /** A checkpoint older than this is moved on even when the listing found nothing (bounds the window). */
  readonly checkpointRefreshMs: number;
  /** Pages one listing may have before it is treated as a broken server. */
  readonly maxPages: number;
}

export const DEFAULT_SYNC_TUNING: SyncTuning = {
  pageSize: 1000,
  idsPerRequest: 200,
  trailingWindowDays: 7,
  trailingWindowEveryMs: 12 * 3600 * 1000,
  recentOverlapMs: 6 * 3600 * 1000,
  checkpointRefreshMs: 24 * 3600 * 1000,
  maxPages: 5000,
};

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

/** The server's answer could not be used for a sync (no checkpoint time, a resource without version). */
export class SyncProtocolError extends FhirError {
  constructor(message: string) {
    super('invalid-response', 200, message);
    this.name = 'SyncProtocolError';
  }
}

interface Page {
  readonly serverTime: string | null;
  readonly resources: readonly CachedResource[];
  readonly next: string | null;
}

interface ListingResult {
  /** Server time of the first page: the listing's checkpoint. */
  readonly serverTime: string;
  readonly written: number;
  readonly seen: ReadonlyMap<CachedType, ReadonlySet<string>>;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/** Runs one sync; resolves with what it did, rejects with a FhirError (or the abort reason). */
export async function runSync(options: RunSyncOptions): Promise<SyncReport> {
  const run = new SyncRun(options);
  return run.execute();
}

class SyncRun {
  readonly #fhir: FhirClient;
  readonly #cache: ResourceCache;
  readonly #scope: SyncScope;
  readonly #signal: AbortSignal | undefined;
  readonly #tuning: SyncTuning;
  readonly #now: () => Date;

  #requests = 0;
  #stateWrites = 0;
  #unchanged = 0;
  #serverTime: string | null = null;
  readonly #requestsByType = new Map<CachedType, number>();
  readonly #listingsByType = new Map<CachedType, number>();
  readonly #progress: SyncProgressTracker;
  #scopeKey = '';

  constructor(options: RunSyncOptions) {
    this.#fhir = options.fhir;
    this.#cache = options.cache;
    this.#scope = options.scope;
    this.#signal = options.signal;
    this.#progress = new SyncProgressTracker(
      options.onProgress ?? (() => undefined),
      () => this.#requests,
    );
    this.#tuning = { ...DEFAULT_SYNC_TUNING, ...options.tuning };
    this.#now = options.now ?? (() => new Date());
  }

  async execute(): Promise<SyncReport> {
    throwIfAborted(this.#signal);
    const teams = [...new Set(this.#scope.careTeamIds)].sort();
    // `<Type>:<scope>`: the cache drops a type's sync state with its resources (corruption, wipe).
    this.#scopeKey = await digest(`${this.#scope.practitionerId}|${teams.join(',')}`);
    for (const phase of PHASES) this.#progress.plan(phase, 1);
    this.#progress.emit();

    // Who: the teams, their members and organisations.
    await this.#idSetPhase('CareTeam', teams);
    const careTeams = (await this.#cache.all<CachedResource>('CareTeam')).filter((team) =>
      teams.includes(team.id),
    );
    const practitioners = new Set<string>([this.#scope.practitionerId]);
    const organizations = new Set<string>();
    for (const team of careTeams) {
      const t = fieldsOf(team);
      const managing = referenceId(refOf(t.managingOrganization), 'Organization');
      if (managing) organizations.add(managing);
      for (const participant of list(t.participant)) {
        const p = fieldsOf(participant);
        const member = refOf(p.member);
        const practitioner = referenceId(member, 'Practitioner');
        if (practitioner) practitioners.add(practitioner);
        const memberOrg = referenceId(member, 'Organization');
        if (memberOrg) organizations.add(memberOrg);
        const onBehalfOf = referenceId(refOf(p.onBehalfOf), 'Organization');
        if (onBehalfOf) organizations.add(onBehalfOf);
      }
    }
    await this.#idSetPhase('Practitioner', [...practitioners].filter(Boolean).sort());
    await this.#idSetPhase('Organization', [...organizations].sort());

    // The caseload: episodes (re-read), their patients (re-read).
    const episodes = await this.#episodePhase(teams);
    const episodeIds = [...episodes.keys()].sort();
    const patientIds = [...new Set(episodes.values())].sort();
    await this.#patientPhase(patientIds);

    // What hangs on the episodes and patients.
    await this.#checkpointedPhase(
      'CarePlan',
      'episodeOfCare',
      'EpisodeOfCare',
      episodeIds,
      '&_include=CarePlan:activity-reference',
    );
    await this.#checkpointedPhase('Task', 'episodeOfCare', 'EpisodeOfCare', episodeIds);
    await this.#checkpointedPhase(
      'ClinicalImpression',
      'episodeOfCare',
      'EpisodeOfCare',
      episodeIds,
    );
    await this.#checkpointedPhase(
      'QuestionnaireResponse',
      'episodeOfCare',
      'EpisodeOfCare',
      episodeIds,
    );
    await this.#checkpointedPhase('Communication', 'patient', 'Patient', patientIds);
    await this.#checkpointedPhase('Appointment', 'patient', 'Patient', patientIds);
    await this.#questionnairePhase();
    await this.#observationPhase(episodeIds);

    this.#progress.finish();
    const byType = this.#progress.types();
    return {
      requests: this.#requests,
      read: byType.reduce((sum, t) => sum + t.read, 0),
      written: byType.reduce((sum, t) => sum + t.written, 0),
      unchanged: this.#unchanged,
      removed: byType.reduce((sum, t) => sum + t.removed, 0),
      serverTime: this.#serverTime,
      byType,
      requestsByType: Object.fromEntries(this.#requestsByType),
      listingsByType: Object.fromEntries(this.#listingsByType),
      stateWrites: this.#stateWrites,
      finishedAt: this.#now().toISOString(),
    };
  }

  // ——— phases ———

  /** A small set by `_id` with a `_lastUpdated` checkpoint; the set's identity is part of the state. */
  async #idSetPhase(type: CachedType, ids: readonly string[]): Promise<void> {
    this.#progress.begin(type, type);
    const key = this.#key(type);
    const setName = await digest(ids.join(','));
    const stored = await this.#cache.getSyncState(key);
    const state = parseJson(stored, isIdSetState);
    const since = state?.set === setName ? state.at : null;
    const chunks = chunk(ids, this.#tuning.idsPerRequest);
    this.#progress.plan(type, Math.max(1, chunks.length));
    let firstTime: string | null = null;
    let written = 0;
    const seen = new Set<string>();
    for (const part of chunks) {
      const listing = await this.#list(
        type,
        `${type}?_id=${part.map(encodeURIComponent).join(',')}${since ? `&_lastUpdated=gt${since}` : ''}&_count=${this.#tuning.pageSize}`,
      );
      firstTime ??= listing.serverTime;
      written += listing.written;
      for (const id of listing.seen.get(type) ?? []) seen.add(id);
      this.#progress.step(type);
    }
    // Reconcile: what is cached but no longer wanted goes; on a full read, so does what the server no longer has.
    const wanted = new Set(ids);
    const cached = await this.#cache.versions(type);
    const gone = [...cached.entries()]
      .filter(
        ([id, version]) =>
          !isLocalVersion(version) && (!wanted.has(id) || (since === null && !seen.has(id))),
      )
      .map(([id]) => id);
    await this.#remove(type, gone);
    if (firstTime !== null && (since === null || written > 0 || this.#stale(since, firstTime))) {
      await this.#setState(
        key,
        JSON.stringify({ set: setName, at: firstTime } satisfies IdSetState),
        stored,
      );
    }
    this.#progress.done(type);
  }

  /** EpisodeOfCare by team with their Conditions, re-read whole; returns episode id → patient id. */
  async #episodePhase(teams: readonly string[]): Promise<Map<string, string>> {
    this.#progress.begin('EpisodeOfCare', 'EpisodeOfCare');
    const episodes = new Map<string, string>();
    const conditionIds = new Set<string>();
    const collect = (resources: readonly CachedResource[]): void => {
      for (const resource of resources) {
        if (resource.resourceType !== 'EpisodeOfCare') continue;
        const r = fieldsOf(resource);
        const patient = referenceId(refOf(r.patient), 'Patient');
        if (patient) episodes.set(resource.id, patient);
        for (const diagnosis of list(r.diagnosis)) {
          const condition = referenceId(refOf(fieldsOf(diagnosis).condition), 'Condition');
          if (condition) conditionIds.add(condition);
        }
      }
    };
    const chunks = chunk(teams, this.#tuning.idsPerRequest);
    this.#progress.plan('EpisodeOfCare', Math.max(1, chunks.length));
    for (const part of chunks) {
      await this.#list(
        'EpisodeOfCare',
        `EpisodeOfCare?team=${refs('CareTeam', part)}&_include=EpisodeOfCare:condition&_count=${this.#tuning.pageSize}`,
        collect,
      );
      this.#progress.step('EpisodeOfCare');
    }
    // Episodes gone from the set: first what hangs on them, then the episodes (a kill in between repeats both).
    const cachedEpisodes = await this.#cache.versions('EpisodeOfCare');
    const goneEpisodes = [...cachedEpisodes.entries()]
      .filter(([id, version]) => !episodes.has(id) && !isLocalVersion(version))
      .map(([id]) => id);
    if (goneEpisodes.length > 0) {
      for (const type of BY_EPISODE) {
        const hanging = await this.#cache.byEpisode<CachedResource>(type, goneEpisodes);
        const episodesLeft = new Set(episodes.keys());
        await this.#remove(
          type,
          hanging
            .filter((resource) => !isLocalVersion(versionOf(resource)))
            // A resource also linked to an episode still in scope stays.
            .filter((resource) => !linkedEpisodes(resource).some((id) => episodesLeft.has(id)))
            .map((resource) => resource.id),
        );
      }
      await this.#remove('EpisodeOfCare', goneEpisodes);
    }
    const cachedConditions = await this.#cache.versions('Condition');
    await this.#remove(
      'Condition',
      [...cachedConditions.entries()]
        .filter(([id, version]) => !conditionIds.has(id) && !isLocalVersion(version))
        .map(([id]) => id),
    );
    this.#progress.done('EpisodeOfCare');
    this.#progress.done('Condition');
    return episodes;
  }

  async #patientPhase(patientIds: readonly string[]): Promise<void> {
    this.#progress.begin('Patient', 'Patient');
    const chunks = chunk(patientIds, this.#tuning.idsPerRequest);
    this.#progress.plan('Patient', Math.max(1, chunks.length));
    const seen = new Set<string>();
    for (const part of chunks) {
      const listing = await this.#list(
        'Patient',
        `Patient?_id=${part.map(encodeURIComponent).join(',')}&_count=${this.#tuning.pageSize}`,
      );
      for (const id of listing.seen.get('Patient') ?? []) seen.add(id);
      this.#progress.step('Patient');
    }
    const cached = await this.#cache.versions('Patient');
    const gone = [...cached.entries()]
      .filter(([id, version]) => !seen.has(id) && !isLocalVersion(version))
      .map(([id]) => id);
    if (gone.length > 0) {
      for (const type of BY_PATIENT) {
        for (const patient of gone) {
          const hanging = await this.#cache.byPatient<CachedResource>(type, patient);
          await this.#remove(
            type,
            hanging.filter((r) => !isLocalVersion(versionOf(r))).map((r) => r.id),
          );
        }
      }
      await this.#remove('Patient', gone);
    }
    this.#progress.done('Patient');
  }

  /**
   * `<type>?<param>=<refs>&_lastUpdated=gt<checkpoint>` per key (episode or
   * patient), keys grouped by checkpoint so a quiet caseload is one request
   * per chunk of keys.
   */
  async #checkpointedPhase(
    type: CachedType,
    param: string,
    keyType: 'EpisodeOfCare' | 'Patient',
    keys: readonly string[],
    include = '',
  ): Promise<void> {
    this.#progress.begin(type, type);
    const stateKey = this.#key(type);
    const stored = await this.#cache.getSyncState(stateKey);
    const checkpoints: Checkpoints = parseJson(stored, isCheckpoints) ?? {};
    const inScope = new Set(keys);
    let dirty = Object.keys(checkpoints).some((key) => !inScope.has(key));
    const current: Checkpoints = {};
    for (const key of keys) if (checkpoints[key]) current[key] = checkpoints[key];
    const work = packByCheckpoint(keys, (key) => current[key] ?? '', this.#tuning.idsPerRequest);
    this.#progress.plan(type, Math.max(1, work.length));
    for (const { since, part } of work) {
      const listing = await this.#list(
        type,
        `${type}?${param}=${refs(keyType, part)}${since ? `&_lastUpdated=gt${since}` : ''}${include}&_count=${this.#tuning.pageSize}`,
        undefined,
        type === 'Task' ? (fresh) => this.#noteMeasurementTasks(fresh) : undefined,
      );
      if (!since || listing.written > 0 || this.#stale(since, listing.serverTime)) {
        for (const key of part) current[key] = listing.serverTime;
        // Stored after each completed listing: a run killed later keeps what is done.
        await this.#setState(stateKey, JSON.stringify(current), stored);
        dirty = false;
      }
      this.#progress.step(type);
    }
    if (dirty) await this.#setState(stateKey, JSON.stringify(current), stored);
    // Every run (reads only): a kill after a CarePlan changed or left must not leave its requests behind.
    if (type === 'CarePlan') await this.#reconcileServiceRequests();
    this.#progress.done(type);
    if (type === 'CarePlan') this.#progress.done('ServiceRequest');
  }

  /** A threshold change replaces a ServiceRequest: one no cached CarePlan refers to any more goes. */
  async #reconcileServiceRequests(): Promise<void> {
    const referenced = new Set<string>();
    for (const plan of await this.#cache.all<CachedResource>('CarePlan')) {
      for (const activity of list(fieldsOf(plan).activity)) {
        const id = referenceId(refOf(fieldsOf(activity).reference), 'ServiceRequest');
        if (id) referenced.add(id);
      }
    }
    const cached = await this.#cache.versions('ServiceRequest');
    await this.#remove(
      'ServiceRequest',
      [...cached.entries()]
        .filter(([id, version]) => !referenced.has(id) && !isLocalVersion(version))
        .map(([id]) => id),
    );
  }

  /**
   * New measurement Tasks mean a measurement arrived, perhaps with an old
   * clinical time: their episodes' Observations are re-read whole. Noted
   * before the Tasks are written, so a kill in between cannot lose it.
   */
  async #noteMeasurementTasks(fresh: readonly CachedResource[]): Promise<void> {
    const observed =
      parseJson(await this.#cache.getSyncState(this.#key('Observation')), isCheckpoints) ?? {};
    const episodes = new Set<string>();
    for (const task of fresh) {
      if (!taskCategories(task).some((code) => MEASUREMENT_TASK_CATEGORIES.has(code))) continue;
      const episode = episodeOfTask(task);
      // An episode never read yet is read whole anyway.
      if (episode && observed[episode]) episodes.add(episode);
    }
    if (episodes.size === 0) return;
    const key = this.#key('Observation', ':reread');
    const before = await this.#cache.getSyncState(key);
    const pending = new Set(parseJson(before, isStringArray) ?? []);
    const size = pending.size;
    for (const episode of episodes) pending.add(episode);
    if (pending.size !== size)
      await this.#setState(key, JSON.stringify([...pending].sort()), before);
  }

  async #questionnairePhase(): Promise<void> {
    this.#progress.begin('Questionnaire', 'Questionnaire');
    const key = this.#key('Questionnaire');
    const stored = await this.#cache.getSyncState(key);
    const state = parseJson(stored, isIdSetState);
    const since = state?.set === 'all' ? state.at : null;
    const listing = await this.#list(
      'Questionnaire',
      `Questionnaire?${since ? `_lastUpdated=gt${since}&` : ''}_count=${this.#tuning.pageSize}`,
    );
    if (since === null || listing.written > 0 || this.#stale(since, listing.serverTime)) {
      await this.#setState(key, JSON.stringify({ set: 'all', at: listing.serverTime }), stored);
    }
    this.#progress.step('Questionnaire');
    this.#progress.done('Questionnaire');
  }

  /**
   * Observations by clinical time per episode: a new episode (or one with a
   * new measurement Task) whole, the others from their last read minus the
   * trailing window; what the cache holds in that window and the server no
   * longer sends is removed.
   */
  async #observationPhase(episodeIds: readonly string[]): Promise<void> {
    this.#progress.begin('Observation', 'Observation');
    const stateKey = this.#key('Observation');
    const windowKey = this.#key('Observation', ':window');
    const rereadKey = this.#key('Observation', ':reread');
    const stored = await this.#cache.getSyncState(stateKey);
    const storedWindows = await this.#cache.getSyncState(windowKey);
    const storedReread = await this.#cache.getSyncState(rereadKey);
    const checkpoints: Checkpoints = parseJson(stored, isCheckpoints) ?? {};
    const windows: Checkpoints = parseJson(storedWindows, isCheckpoints) ?? {};
    const reread = new Set(parseJson(storedReread, isStringArray) ?? []);
    const inScope = new Set(episodeIds);
    let dirty = Object.keys(checkpoints).some((key) => !inScope.has(key));
    let windowsDirty = Object.keys(windows).some((key) => !inScope.has(key));
    const current: Checkpoints = {};
    const currentWindows: Checkpoints = {};
    for (const id of episodeIds) {
      if (checkpoints[id]) current[id] = checkpoints[id];
      if (windows[id]) currentWindows[id] = windows[id];
    }
    const windowMs = this.#tuning.trailingWindowDays * DAY_MS;
    const { recentOverlapMs, trailingWindowEveryMs, idsPerRequest } = this.#tuning;
    // The schedule runs on the client's clock (skew is nothing against hours); checkpoints are server time.
    const nowMs = this.#now().getTime();
    const windowDue = (id: string) => {
      const at = currentWindows[id];
      return at === undefined || nowMs - Date.parse(at) >= trailingWindowEveryMs;
    };
    const neverRead = (id: string) => reread.has(id) || current[id] === undefined;
    // Three kinds of search: whole (new episodes, new measurement Tasks), the trailing window (on
    // its schedule), and since the last read (less a small overlap for measurements in transit).
    const whole = episodeIds.filter(neverRead);
    const windowed = episodeIds.filter((id) => !neverRead(id) && windowDue(id));
    const recent = episodeIds.filter((id) => !neverRead(id) && !windowDue(id));
    const work = [
      ...packByCheckpoint(whole, () => '', idsPerRequest).map((w) => ({
        ...w,
        kind: 'whole' as const,
      })),
      ...packByCheckpoint(windowed, (id) => current[id] ?? '', idsPerRequest).map((w) => ({
        ...w,
        kind: 'window' as const,
      })),
      ...packByCheckpoint(recent, (id) => current[id] ?? '', idsPerRequest).map((w) => ({
        ...w,
        kind: 'recent' as const,
      })),
    ];
    this.#progress.plan('Observation', Math.max(1, work.length));
    for (const { since, part, kind } of work) {
      const fromMs =
        kind === 'whole'
          ? null
          : Date.parse(since) - (kind === 'window' ? windowMs : recentOverlapMs);
      const listing = await this.#list(
        'Observation',
        `Observation?episodeOfCare=${refs('EpisodeOfCare', part)}${fromMs === null ? '' : `&date=ge${new Date(fromMs).toISOString()}`}&_count=${this.#tuning.pageSize}`,
      );
      const seen = listing.seen.get('Observation') ?? new Set<string>();
      const cached = await this.#cache.observations(
        part,
        fromMs ?? Number.MIN_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER,
      );
      const gone = cached
        .filter(
          (resource) =>
            !seen.has(resource.id) &&
            !isLocalVersion(versionOf(resource)) &&
            (fromMs === null || hasEffectiveTime(resource)),
        )
        .map((resource) => resource.id);
      const removed = await this.#remove('Observation', gone);
      if (kind !== 'recent') {
        // A whole read covers the window too.
        for (const id of part) currentWindows[id] = listing.serverTime;
        await this.#setState(windowKey, JSON.stringify(currentWindows), storedWindows);
        windowsDirty = false;
      }
      if (
        kind !== 'recent' ||
        listing.written > 0 ||
        removed > 0 ||
        this.#stale(since, listing.serverTime)
      ) {
        for (const id of part) current[id] = listing.serverTime;
        await this.#setState(stateKey, JSON.stringify(current), stored);
        dirty = false;
      }
      if (part.some((id) => reread.has(id))) {
        for (const id of part) reread.delete(id);
        await this.#setState(rereadKey, JSON.stringify([...reread].sort()), storedReread);
      }
      this.#progress.step('Observation');
    }
    if (dirty) await this.#setState(stateKey, JSON.stringify(current), stored);
    if (windowsDirty)
      await this.#setState(windowKey, JSON.stringify(currentWindows), storedWindows);
    // Episodes no longer in scope cannot need a re-read.
    const leftover = [...reread].filter((id) => !inScope.has(id));
    if (leftover.length > 0) {
      const kept = [...reread].filter((id) => inScope.has(id)).sort();
      await this.#setState(rereadKey, JSON.stringify(kept), storedReread);
    }
    this.#progress.done('Observation');
  }

  // ——— listing and writing ———

  /**
   * Reads a search to its last page (prefetching the next while writing the
   * current), writes each page's new and changed resources, and returns the
   * first page's server time.
   */
  async #list(
    type: CachedType,
    path: string,
    inspect?: (resources: readonly CachedResource[]) => void,
    beforeWrite?: (fresh: readonly CachedResource[]) => Promise<void>,
  ): Promise<ListingResult> {
    let serverTime: string | null = null;
    let written = 0;
    const seen = new Map<CachedType, Set<string>>();
    const visited = new Set<string>();
    let pages = 0;
    this.#listingsByType.set(type, (this.#listingsByType.get(type) ?? 0) + 1);
    let pending: Promise<Page> | null = this.#fetchPage(type, path, visited);
    while (pending !== null) {
      const page: Page = await pending;
      pages++;
      if (pages > this.#tuning.maxPages)
        throw new SyncProtocolError('The FHIR server kept sending more pages than expected.');
      if (serverTime === null) {
        if (page.serverTime === null)
          throw new SyncProtocolError(
            'The FHIR server sent a search result without its time (Bundle.meta.lastUpdated).',
          );
        serverTime = page.serverTime;
        if (this.#serverTime === null) this.#serverTime = serverTime;
      }
      pending = page.next === null ? null : this.#fetchPage(type, page.next, visited);
      // Awaited on the next turn; until then a failure (an abort) is not an unhandled rejection.
      pending?.catch(() => undefined);
      for (const resource of page.resources) {
        const ids = seen.get(resource.resourceType as CachedType) ?? new Set<string>();
        ids.add(resource.id);
        seen.set(resource.resourceType as CachedType, ids);
      }
      inspect?.(page.resources);
      // A failure here abandons the prefetched page with the listing.
      written += await this.#write(page.resources, beforeWrite);
    }
    if (serverTime === null) throw new SyncProtocolError('The listing had no first page.');
    return { serverTime, written, seen };
  }

  async #fetchPage(type: CachedType, path: string, visited: Set<string>): Promise<Page> {
    throwIfAborted(this.#signal);
    if (visited.has(path))
      throw new SyncProtocolError('The FHIR server sent a page link that loops.');
    visited.add(path);
    this.#requests++;
    this.#requestsByType.set(type, (this.#requestsByType.get(type) ?? 0) + 1);
    const page = await this.#fhir.searchPage(path, this.#signal).catch((error: unknown) => {
      if (error instanceof FhirError && error.kind === 'invalid-response' && error.status === 200)
        throw new SyncProtocolError('The FHIR server sent a search result that is not a Bundle.');
      throw error;
    });
    throwIfAborted(this.#signal);
    const resources: CachedResource[] = [];
    for (const resource of [...page.matches, ...page.included]) {
      if (!CACHED.has(resource.resourceType)) continue;
      const id = resource.id;
      if (typeof id !== 'string' || id.length === 0)
        throw new SyncProtocolError(
          `The FHIR server sent a ${resource.resourceType} without an id.`,
        );
      if (typeof resource.meta?.versionId !== 'string')
        throw new SyncProtocolError(
          `The FHIR server sent a ${resource.resourceType} without a versionId.`,
        );
      resources.push({ ...resource, id });
    }
    if (page.leavesGateway)
      throw new SyncProtocolError('The FHIR server sent a next link outside the gateway.');
    return { serverTime: page.lastUpdated, resources, next: page.next };
  }

  /** Writes what is new or changed (by id + versionId) in one cache transaction; returns how many. */
  async #write(
    resources: readonly CachedResource[],
    beforeWrite?: (fresh: readonly CachedResource[]) => Promise<void>,
  ): Promise<number> {
    const byType = new Map<CachedType, Map<string, CachedResource>>();
    for (const resource of resources) {
      const type = resource.resourceType as CachedType;
      const of = byType.get(type) ?? new Map<string, CachedResource>();
      of.set(resource.id, resource);
      byType.set(type, of);
    }
    const changed: CachedResource[] = [];
    const fresh: CachedResource[] = [];
    for (const [type, of] of byType) {
      const progress = this.#progress.counts(type);
      progress.read += of.size;
      const cached = await this.#cache.versions(type, [...of.keys()]);
      for (const resource of of.values()) {
        const version = cached.get(resource.id);
        if (version === undefined) {
          changed.push(resource);
          fresh.push(resource);
        } else if (version !== versionOf(resource) && !isLocalVersion(version)) {
          changed.push(resource);
        } else {
          this.#unchanged++;
        }
      }
    }
    if (changed.length === 0) return 0;
    if (beforeWrite && fresh.length > 0) await beforeWrite(fresh);
    throwIfAborted(this.#signal);
    const result = await this.#cache.upsert(changed);
    // The cache may know better (a concurrent writer): count what it says it wrote.
    this.#unchanged += result.unchanged;
    for (const resource of changed)
      this.#progress.counts(resource.resourceType as CachedType).written++;
    if (result.unchanged > 0) {
      // Attribute the skipped ones back (rare): keep totals consistent.
      let left = result.unchanged;
      for (const resource of changed) {
        if (left === 0) break;
        const entry = this.#progress.counts(resource.resourceType as CachedType);
        if (entry.written > 0) {
          entry.written--;
          left--;
        }
      }
    }
    this.#progress.emit();
    return result.written;
  }

  async #remove(type: CachedType, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    throwIfAborted(this.#signal);
    const removed = await this.#cache.remove(type, ids);
    this.#progress.counts(type).removed += removed;
    this.#progress.emit();
    return removed;
  }

  async #setState(key: string, value: string, previous: string | undefined | null): Promise<void> {
    if (value === previous) return;
    throwIfAborted(this.#signal);
    await this.#cache.setSyncState(key, value);
    this.#stateWrites++;
  }

  /** Whether a checkpoint is old enough to move on although nothing changed (bounds re-read windows). */
  #stale(since: string, serverTime: string): boolean {
    return Date.parse(serverTime) - Date.parse(since) > this.#tuning.checkpointRefreshMs;
  }

  #key(type: CachedType, suffix = ''): string {
    return `${type}:${this.#scopeKey}${suffix}`;
  }
}
