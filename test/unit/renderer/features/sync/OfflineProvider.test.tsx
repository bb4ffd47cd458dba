// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { Provider } from 'react-redux';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { makeStore } from '../../../../../renderer/app/store.ts';
import type { OfflineModules } from '../../../../../renderer/data/offline/offline-session.ts';
import type { SourceRequest } from '../../../../../renderer/data/prefetch.ts';
import { useSourceRequest } from '../../../../../renderer/data/SourceProvider.tsx';
import { createMemorySource } from '../../../../../renderer/data/source/memory-source.ts';
import type { ResourceSource } from '../../../../../renderer/data/source/resource-source.ts';
import { sessionSlice } from '../../../../../renderer/features/session/sessionSlice.ts';
import { OfflineProvider } from '../../../../../renderer/features/sync/OfflineProvider.tsx';
import { fakeBridge } from '../../../../support/fake-bridge.ts';
import { session } from '../../../../support/slice-fixtures.ts';

afterEach(cleanup);

/** Modules whose unlock never answers: these tests look at whether, and when, the cache is asked for. */
function modulesWith(hasCache: boolean) {
  const unlock = vi.fn(() => new Promise<never>(() => undefined));
  const hasCacheAsked = vi.fn(() => Promise.resolve(hasCache));
  const modules: OfflineModules = {
    unlock,
    forget: () => Promise.resolve(),
    hasCache: hasCacheAsked,
    importKeys: () => Promise.reject(new Error('not in this test')),
    openCache: () => Promise.reject(new Error('not in this test')),
    startSync: () => {
      throw new Error('not in this test');
    },
    startOutbox: () => {
      throw new Error('not in this test');
    },
    cacheSource: () => {
      throw new Error('not in this test');
    },
    requestPersistence: () => Promise.resolve(null),
  };
  return { modules, unlock, hasCacheAsked };
}

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

function View({ request }: { readonly request: SourceRequest<string> }) {
  const query = useSourceRequest(request);
  return (
    <p>
      {query.status === 'ready'
        ? query.data
        : query.status === 'failed'
          ? String(query.error)
          : query.status}
    </p>
  );
}

function renderProvider(options: {
  readonly modules: OfflineModules;
  readonly painted: Promise<void>;
  readonly firstView?: SourceRequest<string>;
  readonly network?: ResourceSource;
}) {
  const store = makeStore(
    { bridge: fakeBridge().bridge },
    {
      session: { ...sessionSlice.reducer(undefined, { type: 'test/start' }), session },
    },
  );
  const tree = (view: ReactNode) => (
    <Provider store={store}>
      <OfflineProvider
        modules={options.modules}
        fallbackSource={options.network ?? createMemorySource([])}
        firstViewPainted={() => options.painted}
        firstViewRequest={() => options.firstView ?? null}
      >
        {view}
      </OfflineProvider>
    </Provider>
  );
  const rendered = render(tree(null));
  return {
    /** The view arrives later, as a page does once its code has loaded. */
    showView: (view: ReactNode) => rendered.rerender(tree(view)),
  };
}

describe('OfflineProvider at start-up', () => {
  test('a first sign-in on this device makes the cache only after the first view has painted', async () => {
    const { modules, unlock, hasCacheAsked } = modulesWith(false);
    const painted = deferred();
    renderProvider({ modules, painted: painted.promise });
    await vi.waitFor(() => expect(hasCacheAsked).toHaveBeenCalledTimes(1));
    // Everything queued after the answer (an unlock would be among it) runs before this task.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(unlock).not.toHaveBeenCalled();
    painted.resolve();
    await vi.waitFor(() => expect(unlock).toHaveBeenCalledTimes(1));
  });

  test('a user with a cache here has it opened at once: the first view reads from it', async () => {
    const { modules, unlock } = modulesWith(true);
    renderProvider({ modules, painted: new Promise(() => undefined) });
    await vi.waitFor(() => expect(unlock).toHaveBeenCalledTimes(1));
  });

  test("the first view's query is asked for once, through the network on a first sign-in, and the view takes it", async () => {
    const { modules } = modulesWith(false);
    const network = createMemorySource([]);
    const sources: ResourceSource[] = [];
    const firstView: SourceRequest<string> = {
      key: 'caseload:team-1',
      run: async (source) => {
        sources.push(source);
        await source.readMany('Patient', [], undefined);
        return 'rows';
      },
    };
    const { showView } = renderProvider({
      modules,
      painted: new Promise(() => undefined),
      firstView,
      network,
    });
    expect(sources).toEqual([expect.anything()]);
    showView(<View request={firstView} />);
    expect(await screen.findByText('rows')).toBeTruthy();
    expect(sources).toHaveLength(1);
  });
});
