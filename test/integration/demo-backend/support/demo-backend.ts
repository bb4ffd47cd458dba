import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll } from 'vitest';
import {
  startDemoBackend,
  type DemoBackend,
  type DemoBackendLogEntry,
} from '../../../../main/demo-backend/start-server.ts';
import { smallDataset } from './small-dataset.ts';

export interface FhirAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /**
   * The body parsed (throws if it is not JSON), typed as the caller expects;
   * with `check`, also checked.
   */
  readonly json: <T = Record<string, unknown>>(check?: (value: unknown) => value is T) => T;
}

export interface TestBackend {
  readonly backend: DemoBackend;
  readonly logs: DemoBackendLogEntry[];
  /** A request to `<service base><path>`; absolute URLs (next links) are used as they are. */
  request(service: string, path: string, init?: RequestInit): Promise<FhirAnswer>;
  /** Every entry of a search, following `next` links to the last page. */
  searchAll(service: string, path: string): Promise<{ resources: Resource[]; pages: number }>;
}

/** Starts a demo back end on a free port for the file's tests and stops it afterwards. */
export function useDemoBackend(resources: () => Resource[] = () => smallDataset()): TestBackend {
  let backend: DemoBackend | undefined;
  const logs: DemoBackendLogEntry[] = [];
  beforeAll(async () => {
    backend = await startDemoBackend({
      port: 0,
      resources: resources(),
      log: (entry) => logs.push(entry),
    });
  });
  afterAll(async () => {
    await backend?.close();
  });
  const self: TestBackend = {
    get backend(): DemoBackend {
      if (!backend) throw new Error('the demo back end is not started');
      return backend;
    },
    logs,
    async request(service, path, init) {
      const url = path.startsWith('http')
        ? path
        : `${self.backend.serviceBaseUrls[service] ?? ''}${path}`;
      const response = await fetch(url, init);
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        text,
        json: <T>(check?: (value: unknown) => value is T): T => {
          const value: unknown = JSON.parse(text);
          if (check && !check(value)) throw new Error(`unexpected body: ${text.slice(0, 200)}`);
          return value as T;
        },
      };
    },
    async searchAll(service, path) {
      const resources: Resource[] = [];
      let next: string | undefined = path;
      let pages = 0;
      while (next) {
        const answer = await self.request(service, next);
        if (answer.status !== 200) throw new Error(`${next} → ${answer.status} ${answer.text}`);
        const bundle = answer.json<Bundle>();
        pages++;
        for (const entry of bundle.entry ?? [])
          if (entry.search?.mode === 'match' && entry.resource) resources.push(entry.resource);
        next = bundle.link?.find((link) => link.relation === 'next')?.url;
      }
      return { resources, pages };
    },
  };
  return self;
}

export const FHIR_JSON = { 'content-type': 'application/fhir+json' } as const;

/** POST/PUT init with a FHIR JSON body. */
export function withBody(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return { method, headers: { ...FHIR_JSON, ...headers }, body: JSON.stringify(body) };
}
