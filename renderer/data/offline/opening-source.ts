import type { ResourceSource } from '../source/resource-source.ts';
import { whenOpen } from '../source/switching-source.ts';

/** One opening of the signed-in user's cache, as the opening source needs it. */
export interface Opening {
  /** Resolves to the source that decides per read once the cache is open (cache or network). */
  readonly routing: Promise<ResourceSource>;
  /**
   * Resolves true when the user has no cache on this device yet: it cannot
   * have been synced, so reads need not wait for it to be created. Never
   * rejects: false when that cannot be told.
   */
  readonly noCacheYet: Promise<boolean>;
  /** Where reads go until the first sync has filled the cache. */
  readonly network: ResourceSource;
}

/**
 * The views' source while the cache opens, and after, for one signed-in
 * session: every read asks the session's opening at read time. A user with
 * no cache on this device yet (a first sign-in here) reads the network at
 * once, while the cache is made; otherwise a read waits for the cache to
 * open and then goes where it decides. A read made before the opening is
 * set (a view that asks in the same commit as the provider) waits for it;
 * after `set(null)` (signed out) reads fail. Views keep this one object
 * until the cache's content changes, so the opening itself makes them ask
 * nothing twice.
 */
export function createOpeningSource() {
  let current: Opening | null = null;
  let markSet: () => void = () => undefined;
  const firstSet = new Promise<void>((resolve) => {
    markSet = resolve;
  });
  const source: ResourceSource = whenOpen(async () => {
    await firstSet;
    const opening = current;
    if (!opening) throw new Error('The offline cache is not open.');
    if (await opening.noCacheYet) return opening.network;
    return opening.routing;
  });
  return {
    source,
    /** The opening reads now follow; null when signed out (reads then fail). */
    set(opening: Opening | null): void {
      current = opening;
      markSet();
    },
  };
}
