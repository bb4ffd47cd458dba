import { FluentProvider } from '@fluentui/react-components';
import { queries as domQueries, render, type RenderResult } from '@testing-library/react';
import { userEvent, type UserEvent } from '@testing-library/user-event';
import type { ReactElement, ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { MemoryRouter } from 'react-router';
import { makeStore, type AppStore, type RootState } from '../../renderer/app/store.ts';
import { ClinicalWritesProvider } from '../../renderer/data/ClinicalWritesProvider.tsx';
import type { ClinicalWrites, OutboxController } from '../../renderer/data/outbox/contracts.ts';
import { SourceProvider } from '../../renderer/data/SourceProvider.tsx';
import { createMemorySource } from '../../renderer/data/source/memory-source.ts';
import type { ResourceSource } from '../../renderer/data/source/resource-source.ts';
import { selectLanguage } from '../../renderer/features/settings/settingsSlice.ts';
import { createI18n } from '../../renderer/i18n/index.ts';
import { workbenchTheme } from '../../renderer/ui/theme.ts';
import { fakeBridge, type FakeMain } from './fake-bridge.ts';

export interface RenderOptions {
  /** The store's state to start from (slices left out start from their initial state). */
  readonly preloadedState?: Partial<RootState>;
  /** Main's answers for thunks the view dispatches. */
  readonly main?: FakeMain;
  /**
   * Where views' queries read clinical data (a memory source over the test's
   * resources, or a counting one); absent: an empty memory source.
   */
  readonly source?: ResourceSource;
  /** Local writes; absent: none (as before the cache is unlocked). */
  readonly writes?: ClinicalWrites;
  /** The outbox; absent: none. */
  readonly outbox?: OutboxController;
  /** The router's location (default `/`). */
  readonly route?: string;
}

export interface Rendered extends RenderResult {
  readonly store: AppStore;
  /** A user-event session bound to this render. */
  readonly user: UserEvent;
}

/**
 * jsdom does no layout: every element has a null `offsetParent` and the body
 * a 0×0 box. Tabster (Fluent's focus manager) reads both as "hidden", so a
 * dialog never takes focus and stays aria-hidden, out of reach of role
 * queries. jsdom has no ResizeObserver either, which Fluent's drawer
 * constructs; without layout no size ever changes, so one that never reports
 * is exact.
 */
function giveJsdomTheLayoutTabsterReads(): void {
  Object.defineProperty(HTMLElement.prototype, 'offsetParent', {
    configurable: true,
    get(this: HTMLElement) {
      return this.parentElement;
    },
  });
  document.body.getBoundingClientRect = () => new DOMRect(0, 0, 1280, 800);
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

/**
 * Renders `ui` as the app would hold it: a real store from `makeStore` over
 * a fake main, the app's i18n (Danish), Fluent's theme, a memory router,
 * and the given data sources.
 */
export async function renderWithProviders(
  ui: ReactElement,
  options: RenderOptions = {},
): Promise<Rendered> {
  giveJsdomTheLayoutTabsterReads();
  const store = makeStore({ bridge: fakeBridge(options.main).bridge }, options.preloadedState);
  const i18n = await createI18n(selectLanguage(store.getState()));
  const source = options.source ?? createMemorySource([]);
  // No pause between keystrokes: nothing here waits on typing speed.
  const user = userEvent.setup({ delay: null });
  const wrapper = ({ children }: { readonly children: ReactNode }) => (
    <Provider store={store}>
      <I18nextProvider i18n={i18n}>
        <FluentProvider theme={workbenchTheme}>
          <MemoryRouter initialEntries={[options.route ?? '/']}>
            <SourceProvider source={source}>
              <ClinicalWritesProvider
                writes={options.writes ?? null}
                outbox={options.outbox ?? null}
              >
                {children}
              </ClinicalWritesProvider>
            </SourceProvider>
          </MemoryRouter>
        </FluentProvider>
      </I18nextProvider>
    </Provider>
  );
  return { store, user, ...render(ui, { wrapper, queries: domQueries }) };
}
