import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_COOKIE } from '../harness/server/request-guard.ts';
import { startHarness, type Harness } from '../harness/server/harness-server.ts';

// The harness with its demo back end in a child process, as `npm start` runs it where Electron is missing.
let harness: Harness;
let folder: string;
let cookie: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'harness-fhir-'));
  harness = await startHarness({
    userDataDir: folder,
    demoBackend: { citizens: 30, anchor: '2026-11-26' },
  });
  expect(await harness.backendReady).not.toBeNull();
  cookie = `${SECRET_COOKIE}=${harness.secret}`;
}, 120_000);

afterAll(async () => {
  await harness.close();
  await rm(folder, { recursive: true, force: true });
});

const appCall = (channel: string, body: unknown = {}) =>
  fetch(`${harness.origin}/__workbench/invoke/${channel}`, {
    method: 'POST',
    headers: {
      cookie,
      origin: harness.origin,
      'x-workbench-bridge': '1',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  }).then(
    (response) => response.json() as Promise<{ ok: boolean; value?: unknown; error?: unknown }>,
  );

describe('the harness with its demo back end', () => {
  it('lists the demo personas with their organisations, teams and roles once the back end is up', async () => {
    const answer = await appCall('session-personas');
    expect(answer.ok).toBe(true);
    const value = answer.value as {
      starting: boolean;
      personas: {
        id: string;
        organizationName: string;
        careTeams: { name: string; role: string | null }[];
      }[];
    };
    expect(value.starting).toBe(false);
    expect(value.personas.map((persona) => persona.id).sort()).toEqual([
      'coordinator',
      'gp',
      'hospital-nurse',
      'municipal-nurse',
      'viewer',
    ]);
    for (const persona of value.personas) {
      expect(persona.organizationName).not.toMatch(/^org-/);
      expect(persona.careTeams.every((team) => !team.name.startsWith('team-'))).toBe(true);
    }
    // Each persona's role in its teams, read from the CareTeams: the viewer only views.
    const roles = Object.fromEntries(
      value.personas.map((persona) => [persona.id, persona.careTeams.map((team) => team.role)]),
    );
    expect(roles.viewer).toEqual(['clinical_viewer']);
    expect(roles['municipal-nurse']).toEqual(['monitoring_adjuster']);
  });

  it('reports the FHIR back end in the health check', async () => {
    const answer = await appCall('health-check');
    expect(answer.value).toMatchObject({
      status: 'ok',
      checks: expect.arrayContaining([
        expect.objectContaining({ name: 'fhir', ok: true }),
      ]) as unknown,
    });
  });

  it('serves FHIR at /fhir through the gateway: relative references, no-store', async () => {
    const response = await fetch(`${harness.origin}/fhir/Patient/pat-1`, {
      headers: { cookie, 'sec-fetch-site': 'same-origin' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const patient = (await response.json()) as {
      resourceType: string;
      generalPractitioner?: { reference: string }[];
    };
    expect(patient.resourceType).toBe('Patient');
    expect(patient.generalPractitioner?.[0]?.reference).toMatch(/^Organization\//);
  });

  it('refuses /fhir to a visitor without the secret and to a cross-site caller', async () => {
    expect((await fetch(`${harness.origin}/fhir/Patient/pat-1`)).status).toBe(401);
    expect(
      (
        await fetch(`${harness.origin}/fhir/Patient/pat-1`, {
          headers: { cookie, 'sec-fetch-site': 'cross-site' },
        })
      ).status,
    ).toBe(403);
  });

  it('answers FHIR as unreachable while the gateway is cut off', async () => {
    harness.runtime.gateway.setReachable(false);
    try {
      const response = await fetch(`${harness.origin}/fhir/Patient/pat-1`, { headers: { cookie } });
      expect(response.status).toBe(503);
      expect(response.headers.get('x-workbench-upstream')).toBe('unreachable');
    } finally {
      harness.runtime.gateway.setReachable(true);
    }
  });
});
