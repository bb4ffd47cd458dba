import type { Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { startDemoBackend } from '../../../main/demo-backend/start-server.ts';
import { fixedClock } from '../../../shared/time/clock.ts';
import { useDemoBackend, withBody } from './support/demo-backend.ts';
import { task } from './support/fut-fixtures.ts';
import { smallDataset } from './support/small-dataset.ts';

/** The server's time comes from an injected clock, and a test can move it through the admin endpoint. */

const fhir = useDemoBackend();

interface ClockState {
  readonly now: string;
  readonly offsetMs: number;
}

function adminClock(method: string, body?: unknown, token = fhir.backend.adminToken) {
  return fetch(`${fhir.backend.origin}/__admin/clock`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function createdAt(backend: { serviceBaseUrls: Readonly<Record<string, string>> }) {
  const response = await fetch(
    `${backend.serviceBaseUrls.task ?? ''}/Task`,
    withBody('POST', task('x', 'pat-1', 'eoc-1', 'team-1')),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as Task).meta?.lastUpdated;
}

describe('the demo back end’s clock', () => {
  it('runs with the system clock by default', async () => {
    const response = await adminClock('GET');
    expect(response.status).toBe(200);
    const state = (await response.json()) as ClockState;
    expect(state.offsetMs).toBe(0);
    expect(Math.abs(Date.parse(state.now) - Date.now())).toBeLessThan(5_000);
  });

  it('stamps writes with the time the admin endpoint set, then advanced', async () => {
    const set = await adminClock('POST', { set: '2030-01-01T00:00:00Z' });
    expect(set.status).toBe(200);
    expect(((await set.json()) as ClockState).now.slice(0, 13)).toBe('2030-01-01T00');
    expect((await createdAt(fhir.backend))?.slice(0, 13)).toBe('2030-01-01T00');

    const advanced = await adminClock('POST', { advanceMs: 86_400_000 });
    expect(((await advanced.json()) as ClockState).now.slice(0, 10)).toBe('2030-01-02');
    expect((await createdAt(fhir.backend))?.slice(0, 10)).toBe('2030-01-02');

    const reset = (await (await adminClock('DELETE')).json()) as ClockState;
    expect(reset.offsetMs).toBe(0);
    expect(Math.abs(Date.parse(reset.now) - Date.now())).toBeLessThan(5_000);
  });

  it('refuses a wrong token and a body it cannot read', async () => {
    expect((await adminClock('POST', { advanceMs: 1 }, 'not-the-token')).status).toBe(401);
    expect((await adminClock('POST', { set: 'tomorrow' })).status).toBe(400);
    expect((await adminClock('POST', { advanceMs: 1.5 })).status).toBe(400);
    expect((await adminClock('PUT', {})).status).toBe(405);
    expect(((await (await adminClock('GET')).json()) as ClockState).offsetMs).toBe(0);
  });

  it('takes its clock from whoever starts it', async () => {
    const backend = await startDemoBackend({
      resources: smallDataset(),
      clock: fixedClock(Date.parse('2031-05-05T10:00:00Z')),
    });
    try {
      expect((await createdAt(backend))?.slice(0, 16)).toBe('2031-05-05T10:00');
    } finally {
      await backend.close();
    }
  });
});
