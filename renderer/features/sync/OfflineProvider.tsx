import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ClinicalWritesProvider } from '../../data/ClinicalWritesProvider.tsx';
import { FhirError } from '../../data/fhir/fhir-error.ts';
import {
  DEFAULT_CACHE_RETENTION_DAYS,
  selectCacheRetentionDays,
} from '../settings/settingsSlice.ts';
import { retainCaseload } from '../../data/offline/caseload-retention.ts';
import {
  OfflineControlsContext,
  type OfflineControls,
  type UnsentChoice,
} from './offline-controls.ts';
import { SourceProvider } from '../../data/SourceProvider.tsx';
import type { ResourceSource } from '../../data/source/resource-source.ts';
import { createSwitchingSource } from '../../data/source/switching-source.ts';
import { createOpeningSource } from '../../data/offline/opening-source.ts';
import { createPrefetches, type SourceRequest } from '../../data/prefetch.ts';
import type { Session } from '../../../shared/ipc/schemas.ts';
import { selectSession, signOut } from '../session/sessionSlice.ts';
import { useAppDispatch, useAppSelector } from '../../app/hooks.ts';
import {
  cacheUserId,
  startOfflineSession,
  type OfflineModules,
  type OfflineSession,
} from '../../data/offline/offline-session.ts';
import {
  cacheClosed,
  cacheFailed,
  cacheOpened,
  cacheOpening,
  cacheStatsLoaded,
  outboxStateChanged,
  syncRunSettled,
  syncStatusChanged,
  type SyncErrorKind,
} from './offlineSlice.ts';
import {
  firstSyncOf,
  createSyncDriver,
  SyncRunFailed,
  type SyncDriver,
} from '../../data/offline/sync-driver.ts';

/** Views read the cache, or the network until the first sync has filled it. */
function switchingSource(
  offline: OfflineSession,
  driver: SyncDriver,
  network: ResourceSource,
): ResourceSource {
  return createSwitchingSource({
    cache: offline.source,
    network,
    sync: firstSyncOf(driver, offline.sync),
  });
}

function errorKindOf(error: unknown): SyncErrorKind | null {
  if (error === null || error === undefined) return null;
  if (error instanceof SyncRunFailed) return error.kind;
  return error instanceof FhirError ? error.kind : 'other';
}

/** Sync-state key (sealed in the cache): a sync has completed, so views may read the cache alone. */
export const EVER_SYNCED_KEY = 'app:ever-synced';

interface Opened {
  readonly session: OfflineSession;
  readonly driver: SyncDriver;
  /** What views hold: the opening source at first, a new identity after every change, so views ask again. */
  readonly source: ResourceSource;
}

export interface OfflineProviderProps {
  /** The real modules in the app; none: views read from `fallbackSource` (the network). */
  readonly modules: OfflineModules | null;
  /** Used while nobody is signed in, and always when `modules` is null. */
  readonly fallbackSource: ResourceSource;
  /**
   * Resolves once the first view the user opened has painted (or never, on
   * abort): the first sync waits for it. Passed in by the app, which owns the
   * pages' paint marks.
   */
  readonly firstViewPainted: (signal: AbortSignal) => Promise<void>;
  /**
   * The first view's query for a session that has just started (or null):
   * asked for at once, while that view's code still loads, and taken by the
   * view when it asks. Passed in by the app, which knows its views.
   */
  readonly firstViewRequest?: (session: Session) => SourceRequest<unknown> | null;
  readonly children: ReactNode;
}

/**
 * Opens the signed-in user's encrypted cache, keeps sync and outbox status
 * in the store, and gives views the cache-backed source and writes. Disposed on
 * sign-out and user switch.
 */
export function OfflineProvider({
  modules,
  fallbackSource,
  firstViewPainted,
  firstViewRequest,
  children,
}: OfflineProviderProps) {
  const dispatch = useAppDispatch();
  const session = useAppSelector(selectSession);
  const [opened, setOpened] = useState<Opened | null>(null);
  const sessionKey = session ? `${session.persona.id}@${session.signedInAt}` : null;
  // One per session: views read through it while the cache opens (and until its content changes).
  const opening = useMemo(() => (sessionKey === null ? null : createOpeningSource()), [sessionKey]);
  const openedRef = useRef<Opened | null>(null);
  const retention = useAppSelector(selectCacheRetentionDays);
  const retentionDays = useRef(DEFAULT_CACHE_RETENTION_DAYS);
  useEffect(() => {
    retentionDays.current = retention;
  }, [retention]);

  useEffect(() => {
    if (!modules || !session || !opening) return;
    const controller = new AbortController();
    let current: Opened | null = null;
    const cleanups: (() => void)[] = [];
    dispatch(cacheOpening());
    // The cache changed under the views (a sync wrote, a local write, a confirmed send): ask again.
    const refreshViews = () =>
      setOpened((previous) =>
        previous
          ? {
              ...previous,
              source: switchingSource(previous.session, previous.driver, fallbackSource),
            }
          : previous,
      );
    // Asked at once, without the cache's code: a first sign-in here reads the network meanwhile.
    const noCacheYet = modules.hasCache(cacheUserId(session)).then(
      (has) => !has,
      () => false,
    );
    const started = (async (): Promise<{ opened: Opened; routing: ResourceSource }> => {
      // A first sign-in here shows the network's answers, and its first sync waits for the first
      // view anyway: the cache is made after that view has painted, not in competition with it.
      if (await noCacheYet) await firstViewPainted(controller.signal);
      const offline = await startOfflineSession(session, modules, controller.signal);
      const resources = offline.cache.resources;
      let initiallySynced = false;
      try {
        initiallySynced = (await resources.getSyncState(EVER_SYNCED_KEY)) !== undefined;
      } catch {
        // Unreadable: treated as never synced, so views ask the server until a sync completes.
      }
      const driver = createSyncDriver({
        sync: offline.sync,
        outbox: offline.outbox,
        onCacheChanged: refreshViews,
        onSettled: (error) => dispatch(syncRunSettled(errorKindOf(error))),
        afterSync: () => retainCaseload(offline, retentionDays.current),
        initiallySynced,
        onFirstSynced: () => resources.setSyncState(EVER_SYNCED_KEY, new Date().toISOString()),
      });
      return {
        // The views' reads so far went where the opened cache sends them: nothing to ask again.
        opened: { session: offline, driver, source: opening.source },
        // Decides per read: the cache once a sync has filled it, the network until then.
        routing: switchingSource(offline, driver, fallbackSource),
      };
    })();
    const promise = started.then((result) => result.opened);
    const routing = started.then((result) => result.routing);
    routing.catch(() => undefined);
    opening.set({ routing, noCacheYet, network: fallbackSource });
    promise.then(
      (result) => {
        current = result;
        openedRef.current = result;
        const { session: offline, driver } = result;
        dispatch(cacheOpened(offline.info));
        dispatch(syncStatusChanged(offline.sync.status()));
        dispatch(outboxStateChanged(offline.outbox.state()));
        let unsent = offline.outbox.state().unsent;
        cleanups.push(
          offline.sync.subscribe((status) => dispatch(syncStatusChanged(status))),
          offline.outbox.subscribe((state) => {
            dispatch(outboxStateChanged(state));
            // A local write or a confirmed send changed what the views show.
            if (state.unsent !== unsent) refreshViews();
            unsent = state.unsent;
          }),
        );
        // The operating system says the network is back: sync (and send) at once.
        const onOnline = () => void driver.runNow();
        window.addEventListener('online', onOnline);
        cleanups.push(() => window.removeEventListener('online', onOnline));
        setOpened(result);
        // The first sync waits for the first view's data to paint: what the user opened comes first.
        void firstViewPainted(controller.signal).then(() => driver.runNow());
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        dispatch(cacheFailed(error instanceof Error ? error.message : String(error)));
      },
    );
    // A rejection is shown through the store and by the queries that wait on it.
    promise.catch(() => undefined);
    return () => {
      controller.abort();
      for (const cleanup of cleanups) cleanup();
      if (current) {
        current.driver.dispose();
        current.session.dispose();
      }
      if (openedRef.current === current) openedRef.current = null;
      opening.set(null);
      setOpened(null);
      dispatch(cacheClosed());
    };
    // The session object changes identity on every bootstrap; its key says whether it is another.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [modules, sessionKey, dispatch, fallbackSource, firstViewPainted, opening]);

  const [prefetches] = useState(createPrefetches);
  // The first view's data is asked for now, while that view's code loads; the view takes the run.
  useEffect(() => {
    if (!session || !opening || !firstViewRequest) return;
    const request = firstViewRequest(session);
    if (request) prefetches.start(modules ? opening.source : fallbackSource, request);
    return () => prefetches.clear();
    // Once per session (`opening`), like the effect above, whatever the callback's identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [modules, fallbackSource, prefetches, opening]);

  const source = useMemo<ResourceSource>(() => {
    if (!modules || !opening) return fallbackSource;
    return opened ? opened.source : opening.source;
  }, [modules, opened, fallbackSource, opening]);

  const syncNow = useCallback(async () => {
    await openedRef.current?.driver.runNow();
  }, []);

  const refreshStats = useCallback(async () => {
    const current = openedRef.current;
    if (!current) return;
    dispatch(cacheStatsLoaded(await current.session.stats()));
  }, [dispatch]);

  const doSignOut = useCallback(
    async (choice?: UnsentChoice): Promise<'signed-out' | 'ask' | 'unsent'> => {
      const current = openedRef.current;
      if (current) {
        const { session: offline, driver } = current;
        const unsent = offline.outbox.state().unsent;
        if (unsent > 0) {
          if (!choice) return 'ask';
          if (choice === 'send') {
            const after = await offline.outbox.sendNow({ ignoreBackoff: true });
            if (after.unsent > 0) return 'unsent';
          } else if (choice === 'discard') {
            for (const item of await offline.outbox.list()) await offline.outbox.discard(item.id);
          }
        }
        if (choice === 'keep' && unsent > 0) {
          // Kept, sealed under the user's key: sent after their next sign-in.
          driver.dispose();
          offline.dispose();
        } else {
          driver.dispose();
          await offline.wipe();
        }
      }
      await dispatch(signOut());
      return 'signed-out';
    },
    [dispatch],
  );

  const controls = useMemo<OfflineControls>(
    () => ({
      session: opened?.session ?? null,
      syncNow,
      refreshStats,
      signOut: doSignOut,
    }),
    [opened, syncNow, refreshStats, doSignOut],
  );

  return (
    <OfflineControlsContext.Provider value={controls}>
      <SourceProvider source={source} prefetches={prefetches}>
        <ClinicalWritesProvider
          writes={opened?.session.writes ?? null}
          outbox={opened?.session.outbox ?? null}
        >
          {children}
        </ClinicalWritesProvider>
      </SourceProvider>
    </OfflineControlsContext.Provider>
  );
}
