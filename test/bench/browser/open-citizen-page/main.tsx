/**
 * Benchmark page (never packaged): the real citizen view (CitizenPage with
 * its providers) over the real data layer, either the encrypted cache
 * (openCache + createCacheSource, real IndexedDB and WebCrypto) or the
 * network source through the harness's gateway. The bench drives it with
 * `window.openCitizenBench` (see open-citizen.bench.ts).
 */
import '../../../../renderer/ui/global.css';
import { createDOMRenderer, FluentProvider, RendererProvider } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { Resource } from '@medplum/fhirtypes';
import { makeStore } from '../../../../renderer/app/store.ts';
import { workbenchBridge } from '../../../../renderer/data/bridge.ts';
import { importCacheKeys } from '../../../../renderer/data/cache/cache-crypto.ts';
import type { CachedResource } from '../../../../renderer/data/cache/contracts.ts';
import { openCache, type OpenedCacheHandle } from '../../../../renderer/data/cache/open-cache.ts';
import { createCacheSource } from '../../../../renderer/data/source/cache-source.ts';
import { SourceProvider } from '../../../../renderer/data/SourceProvider.tsx';
import { createFhirClient } from '../../../../renderer/data/fhir/fhir-client.ts';
import { createNetworkSource } from '../../../../renderer/data/source/network-source.ts';
import type { ResourceSource } from '../../../../renderer/data/source/resource-source.ts';
import { citizen } from '../../../../renderer/features/citizen/queries.ts';
import { CitizenPage } from '../../../../renderer/features/citizen/CitizenPage.tsx';
import { CITIZEN_RENDERED_MARK } from '../../../../renderer/features/citizen/citizenPaint.ts';
import { createI18n } from '../../../../renderer/i18n/index.ts';
import { CspNonceContext } from '../../../../renderer/ui/CspNonce.tsx';
import { readCspNonce } from '../../../../renderer/ui/csp-nonce.ts';
import { workbenchTheme } from '../../../../renderer/ui/theme.ts';
import type { OpenCitizenBench } from './bench-api.ts';
import { searchAll, readPath } from '../../../support/fhir-paths.ts';

const refs = (type: string, ids: readonly string[]) => ids.map((id) => `${type}/${id}`).join(',');

async function start(): Promise<void> {
  const container = document.getElementById('root');
  const bridge = workbenchBridge();
  if (!container || !bridge) throw new Error('The bench page needs #root and the harness bridge.');
  const i18n = await createI18n('da');
  const store = makeStore({ bridge });
  const nonce = readCspNonce();
  const styles = createDOMRenderer(document, nonce ? { styleElementAttributes: { nonce } } : {});
  const fhir = createFhirClient();
  const network = createNetworkSource(fhir);
  let cache: OpenedCacheHandle | null = null;
  let cacheSource: ResourceSource | null = null;
  const root = createRoot(container);

  const render = (source: ResourceSource | null, patientId: string) =>
    root.render(
      <StrictMode>
        <CspNonceContext.Provider value={nonce}>
          <Provider store={store}>
            <I18nextProvider i18n={i18n}>
              <RendererProvider renderer={styles} targetDocument={document}>
                <FluentProvider theme={workbenchTheme}>
                  {source ? (
                    <SourceProvider source={source}>
                      <MemoryRouter initialEntries={[`/citizen/${patientId}`]}>
                        <Routes>
                          <Route path="/citizen/:patientId" element={<CitizenPage />} />
                        </Routes>
                      </MemoryRouter>
                    </SourceProvider>
                  ) : null}
                </FluentProvider>
              </RendererProvider>
            </I18nextProvider>
          </Provider>
        </CspNonceContext.Provider>
      </StrictMode>,
    );

  const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

  function waitForMark(after: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const found = () =>
        performance
          .getEntriesByName(CITIZEN_RENDERED_MARK)
          .find((entry) => entry.startTime >= after);
      const timeout = setTimeout(() => {
        observer.disconnect();
        const marks = performance.getEntriesByName(CITIZEN_RENDERED_MARK);
        const facts = `marks ${marks.length}, last at ${marks.at(-1)?.startTime ?? '–'}, asked after ${after}, painted ${document.documentElement.dataset.citizenRendered ?? '0'}, charts ${document.querySelectorAll('[data-testid="measurement-chart"]').length}`;
        reject(new Error(`The citizen view did not paint within 30 s (${facts}).`));
      }, 30_000);
      const observer = new PerformanceObserver(() => {
        const entry = found();
        if (!entry) return;
        clearTimeout(timeout);
        observer.disconnect();
        resolve(entry.startTime);
      });
      observer.observe({ entryTypes: ['mark'] });
      const already = found();
      if (already) {
        clearTimeout(timeout);
        observer.disconnect();
        resolve(already.startTime);
      }
    });
  }

  const bench: OpenCitizenBench = {
    async prepare(patientId) {
      const keys = await importCacheKeys(crypto.getRandomValues(new Uint8Array(32)), 'bench-key');
      cache = await openCache({ userKey: 'bench-open-citizen', keys, persistent: true });
      await cache.resources.wipe();
      cacheSource = createCacheSource(cache.resources);
      const id = encodeURIComponent(patientId);
      const episodes = await searchAll(fhir, `EpisodeOfCare?patient=Patient/${id}&_count=50`);
      const episodeIds = episodes.map((episode) => episode.id as string);
      const conditionIds = episodes.flatMap(
        (episode) =>
          (episode as { diagnosis?: { condition?: { reference?: string } }[] }).diagnosis
            ?.map((d) => d.condition?.reference?.split('/')[1] ?? '')
            .filter(Boolean) ?? [],
      );
      const [patient, conditions, plans, tasks, observations] = await Promise.all([
        readPath(fhir, `Patient/${id}`),
        Promise.all(conditionIds.map((conditionId) => readPath(fhir, `Condition/${conditionId}`))),
        searchAll(
          fhir,
          `CarePlan?episodeOfCare=${refs('EpisodeOfCare', episodeIds)}&_include=CarePlan:activity-reference&_count=200`,
        ),
        searchAll(fhir, `Task?episodeOfCare=${refs('EpisodeOfCare', episodeIds)}&_count=500`),
        searchAll(
          fhir,
          `Observation?episodeOfCare=${refs('EpisodeOfCare', episodeIds)}&_count=500`,
        ),
      ]);
      const all = [patient, ...episodes, ...conditions, ...plans, ...tasks, ...observations];
      // As the sync writes: one page (≤ 500) per call.
      const records = all as unknown as Resource[] as CachedResource[];
      for (let i = 0; i < records.length; i += 500)
        await cache.resources.upsert(records.slice(i, i + 500));
      return { resources: all.length, observations: observations.length };
    },

    async open(mode, patientId) {
      const source = mode === 'cache' ? cacheSource : network;
      if (!source) throw new Error('prepare() first');
      // Unmount the previous view for certain (a batched empty render would keep it mounted).
      flushSync(() => render(null, patientId));
      await nextFrame();
      const startedAt = performance.now();
      render(source, patientId);
      const paintedAt = await waitForMark(startedAt);
      return paintedAt - startedAt;
    },

    async query(mode, patientId) {
      const source = mode === 'cache' ? cacheSource : network;
      if (!source) throw new Error('prepare() first');
      const startedAt = performance.now();
      await citizen(source, patientId, new Date());
      return performance.now() - startedAt;
    },

    shown() {
      return {
        charts: document.querySelectorAll('[data-testid="measurement-chart"]').length,
        // Values drawn: every vertex of the chart lines.
        points: [...document.querySelectorAll('[data-testid="measurement-chart"] path')].reduce(
          (sum, path) => sum + (path.getAttribute('d')?.match(/[ML]/g)?.length ?? 0),
          0,
        ),
        latestRows: document.querySelectorAll('#latest-measurements-title ~ table tbody tr').length,
        banner: document.querySelector('[data-testid="banner-cpr"]')?.textContent ?? '',
      };
    },
  };
  window.openCitizenBench = {
    prepare: explained(bench.prepare),
    open: explained(bench.open),
    query: explained(bench.query),
    shown: bench.shown,
  };
  document.documentElement.dataset.benchReady = 'true';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = (error as { inner?: unknown }).inner ?? error.cause;
  return `${error.name}: ${error.message}${inner ? ` ← ${describe(inner)}` : ''}`;
}

/** Errors leave the page as plain text: a DexieError or DOMException does not survive page.evaluate. */
function explained<A extends unknown[], R>(run: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await run(...args);
    } catch (error) {
      throw new Error(describe(error), { cause: error });
    }
  };
}

start().catch((error: unknown) => {
  document.documentElement.dataset.benchReady = 'failed';
  document.body.textContent = error instanceof Error ? error.message : String(error);
});
