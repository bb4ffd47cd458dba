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

/** Runs one read (`call`) against the source it picks for it. */
type Route = <T>(
  signal: AbortSignal | undefined,
  call: (source: ResourceSource) => Promise<T>,
) => Promise<T>;

/** A source whose every read goes where `route` sends it: the one place the methods are listed. */
function routed(route: Route): ResourceSource {
  return {
    read: (type, id, signal) => route(signal, (source) => source.read(type, id, signal)),
    readMany: (type, ids, signal) => route(signal, (source) => source.readMany(type, ids, signal)),
    byPatient: (type, patientId, filter, signal) =>
      route(signal, (source) => source.byPatient(type, patientId, filter, signal)),
    byEpisodes: (type, episodeIds, filter, signal) =>
      route(signal, (source) => source.byEpisodes(type, episodeIds, filter, signal)),
    measurements: (patientId, period, signal) =>
      route(signal, (source) => source.measurements(patientId, period, signal)),
    inScope: (type, scope, filter, signal) =>
      route(signal, (source) => source.inScope(type, scope, filter, signal)),
    patientProcedures: (input, signal) =>
      route(signal, (source) => source.patientProcedures(input, signal)),
  };
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
  return routed(async (signal, call) => call(await pick(signal)));
}

/**
 * A source that answers through the one `open` gives (or fails with why it
 * could not open); `open` is called on every read, so it can look at state
 * that comes after this object was made.
 */
export function whenOpen(open: () => Promise<ResourceSource>): ResourceSource {
  return routed(async (_signal, call) => call(await open()));
}
