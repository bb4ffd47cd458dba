import type { ResourceSource } from './resource-source.ts';

/** What the switch needs of the sync driver (renderer/data/offline/sync-driver.ts). */
export interface FirstSync {
  /** Whether the cache has ever been filled by a completed sync. */
  everSynced(): boolean;
  /** Runs a sync now (or joins the running one). */
  runNow(): Promise<void>;
  /** Why the cache is still empty after a run: what the view shows. */
  failure(): Error;
}

export interface SwitchingSourceOptions {
  readonly cache: ResourceSource;
  /** Asked until the first sync has filled the cache; none: wait for that sync. */
  readonly network?: ResourceSource;
  readonly sync: FirstSync;
}

/**
 * Views read from the cache. Until the first sync has filled it, a read
 * goes to `network` when given (a new sign-in sees its caseload at once;
 * views switch to the cache when it is full); without one it waits for that
 * sync (starting it if none runs) instead of showing an empty caseload, and
 * fails with the sync's reason when it could not get through. Each call
 * decides anew; each created object is a new identity, so views asked with
 * it again see new data.
 */
export function createSwitchingSource({
  cache,
  network,
  sync,
}: SwitchingSourceOptions): ResourceSource {
  async function pick(signal: AbortSignal | undefined): Promise<ResourceSource> {
    if (sync.everSynced()) return cache;
    if (network) return network;
    await sync.runNow();
    signal?.throwIfAborted();
    if (!sync.everSynced()) throw sync.failure();
    return cache;
  }
  return {
    read: async (type, id, signal) => (await pick(signal)).read(type, id, signal),
    readMany: async (type, ids, signal) => (await pick(signal)).readMany(type, ids, signal),
    byPatient: async (type, patientId, filter, signal) =>
      (await pick(signal)).byPatient(type, patientId, filter, signal),
    byEpisodes: async (type, episodeIds, filter, signal) =>
      (await pick(signal)).byEpisodes(type, episodeIds, filter, signal),
    measurements: async (patientId, period, signal) =>
      (await pick(signal)).measurements(patientId, period, signal),
    inScope: async (type, scope, filter, signal) =>
      (await pick(signal)).inScope(type, scope, filter, signal),
    patientProcedures: async (input, signal) =>
      (await pick(signal)).patientProcedures(input, signal),
  };
}

/**
 * A source that answers through the one `open` gives (or fails with why it
 * could not open); `open` is called on every read, so it can look at state
 * that comes after this object was made.
 */
export function whenOpen(open: () => Promise<ResourceSource>): ResourceSource {
  return {
    read: async (type, id, signal) => (await open()).read(type, id, signal),
    readMany: async (type, ids, signal) => (await open()).readMany(type, ids, signal),
    byPatient: async (type, patientId, filter, signal) =>
      (await open()).byPatient(type, patientId, filter, signal),
    byEpisodes: async (type, episodeIds, filter, signal) =>
      (await open()).byEpisodes(type, episodeIds, filter, signal),
    measurements: async (patientId, period, signal) =>
      (await open()).measurements(patientId, period, signal),
    inScope: async (type, scope, filter, signal) =>
      (await open()).inScope(type, scope, filter, signal),
    patientProcedures: async (input, signal) => (await open()).patientProcedures(input, signal),
  };
}
