import type { Bundle, CareTeam, OperationOutcome, Resource, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDemoTokenIssuer,
  DEMO_AUDIENCE,
  DEMO_ISSUER,
  type DemoTokenIssuer,
  type DemoTokenRequest,
} from '../../../main/auth/tokens/demo-token-issuer.ts';
import { startDemoBackend, type DemoBackend } from '../../../main/demo-backend/start-server.ts';
import { AUDIT_READ_PRIVILEGE } from '../../../main/demo-backend/access/request-audit.ts';
import { lookupAuditEvent } from '../../../shared/audit/audit-event.ts';
import { CareTeamRole, type RoleKey } from '../../../shared/fhir/codes-organization.ts';
import { smallDataset } from './support/small-dataset.ts';

/**
 * FUT's access rule in the demo back end (docs/adr/0006): a bearer token from
 * a trusted provider, whose context care team the user belongs to, reaching a
 * citizen only through an episode of care of that team; writes by role; every
 * look-up audited.
 */

const member = (practitioner: string, role: RoleKey) => ({
  member: { reference: `Practitioner/${practitioner}` },
  role: [{ coding: [{ system: CareTeamRole[role].system, code: CareTeamRole[role].code }] }],
});

/** pat-1 is team-1's (adjuster and viewer), pat-2 is team-2's (another adjuster). */
function dataset(): Resource[] {
  return smallDataset(2, 2).map((resource): Resource => {
    if (resource.resourceType !== 'CareTeam') return resource;
    const team: CareTeam = { ...resource };
    team.participant =
      team.id === 'team-1'
        ? [member('prac-adjuster', 'monitoring_adjuster'), member('prac-viewer', 'clinical_viewer')]
        : [member('prac-other', 'monitoring_adjuster')];
    return team;
  });
}

const ADJUSTER: DemoTokenRequest = {
  sub: 'prac-adjuster',
  name: 'Mette Kjærsgaard',
  context: { care_team_id: 'team-1', organization_id: 'org-1' },
  roles: [],
};

describe('the demo back end checks tokens and access like FUT', () => {
  let backend: DemoBackend;
  let issuer: DemoTokenIssuer;
  const now = () => backend.clock.now();

  beforeAll(async () => {
    let clockNow = () => Date.now();
    issuer = await createDemoTokenIssuer({ now: () => clockNow() });
    backend = await startDemoBackend({
      port: 0,
      resources: dataset(),
      trustedIssuers: [{ issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE, jwks: issuer.jwks }],
    });
    clockNow = now;
  });
  afterAll(async () => {
    await backend.close();
  });

  async function tokenFor(request: Partial<DemoTokenRequest> = {}): Promise<string> {
    return (await issuer.issue({ ...ADJUSTER, ...request })).token;
  }

  async function call(
    service: string,
    path: string,
    token: string | null,
    init: RequestInit = {},
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const response = await fetch(`${backend.serviceBaseUrls[service] ?? ''}${path}`, {
      ...init,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body ? { 'content-type': 'application/fhir+json' } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  const diagnostics = (body: Record<string, unknown>) =>
    (body as unknown as OperationOutcome).issue[0]?.diagnostics ?? '';

  it('asks for a token, saying so the FHIR and the OAuth way', async () => {
    const answer = await call('patient', '/Patient/pat-1', null);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(answer.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'login' }],
    });
  });

  it('still shows its CapabilityStatements without one', async () => {
    expect((await call('patient', '/metadata', null)).status).toBe(200);
  });

  it.each([
    [
      'tampered',
      (token: string) => Promise.resolve(`${token.slice(0, -6)}AAAAAA`),
      'bad-signature',
    ],
    [
      'from an untrusted issuer',
      async () => (await (await createDemoTokenIssuer({ now: Date.now })).issue(ADJUSTER)).token,
      'bad-signature',
    ],
  ])('refuses a %s token with 401', async (_what, make, reason) => {
    const answer = await call('patient', '/Patient/pat-1', await make(await tokenFor()));
    expect(answer.status).toBe(401);
    expect(diagnostics(answer.body)).toContain(reason);
  });

  it('refuses an expired token with 401', async () => {
    const old = await createDemoTokenIssuer({
      now: () => Date.now() - 3600_000,
      lifetimeSeconds: 60,
    });
    const trusted = await startDemoBackend({
      port: 0,
      resources: dataset(),
      trustedIssuers: [{ issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE, jwks: old.jwks }],
    });
    try {
      const response = await fetch(`${trusted.serviceBaseUrls.patient ?? ''}/Patient/pat-1`, {
        headers: { authorization: `Bearer ${(await old.issue(ADJUSTER)).token}` },
      });
      expect(response.status).toBe(401);
      expect(JSON.stringify(await response.json())).toContain('expired');
    } finally {
      await trusted.close();
    }
  });

  it('refuses a token whose context is a team the user is not on, with 403', async () => {
    const answer = await call(
      'patient',
      '/Patient/pat-1',
      await tokenFor({ context: { care_team_id: 'team-2' } }),
    );
    expect(answer.status).toBe(403);
    expect(diagnostics(answer.body)).toContain('not a team the user belongs to');
  });

  it('shows the context team’s citizen and refuses another team’s, read or searched', async () => {
    const token = await tokenFor();
    expect((await call('patient', '/Patient/pat-1', token)).status).toBe(200);
    const refused = await call('patient', '/Patient/pat-2', token);
    expect(refused.status).toBe(403);
    expect(diagnostics(refused.body)).toContain('no episode of care with care team team-1');

    const own = await call('measurement', '/Observation?subject=Patient/pat-1', token);
    expect(own.status).toBe(200);
    expect((own.body as unknown as Bundle).entry).toHaveLength(2);
    expect((await call('measurement', '/Observation?subject=Patient/pat-2', token)).status).toBe(
      403,
    );
    // A search that would list both is refused whole, never quietly filtered.
    expect((await call('measurement', '/Observation?_count=50', token)).status).toBe(403);
    const caseload = await call('careplan', '/EpisodeOfCare?team=CareTeam/team-1', token);
    expect(caseload.status).toBe(200);
  });

  it('refuses an operation on another team’s citizen', async () => {
    const answer = await call('careplan', '/$get-patient-procedures', await tokenFor(), {
      method: 'POST',
      body: JSON.stringify({
        resourceType: 'Parameters',
        parameter: [
          { name: 'patient', valueReference: { reference: 'Patient/pat-2' } },
          { name: 'start', valueDateTime: '2025-02-01T00:00:00Z' },
          { name: 'end', valueDateTime: '2025-02-28T00:00:00Z' },
        ],
      }),
    });
    expect(answer.status).toBe(403);
  });

  it('lets the role decide writes: a clinical viewer sees but may not approve', async () => {
    const viewer = await tokenFor({ sub: 'prac-viewer' });
    const read = await call('task', '/Task/task-1', viewer);
    expect(read.status).toBe(200);
    const task = read.body as unknown as Task;
    const complete = {
      method: 'PATCH',
      body: JSON.stringify([{ op: 'replace', path: '/status', value: 'completed' }]),
      headers: { 'content-type': 'application/json-patch+json' },
    };
    expect(task.status).toBe('ready');
    const write = await call('task', '/Task/task-1', viewer, complete);
    expect(write.status).toBe(403);
    expect(diagnostics(write.body)).toContain('clinical_viewer');
    expect(diagnostics(write.body)).toContain('approve');

    const adjuster = await tokenFor();
    const approved = await call('task', '/Task/task-1', adjuster, complete);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'completed' });
  });

  it('refuses a write to another team’s citizen, even for a role that may write', async () => {
    const other = await call(
      'task',
      '/Task/task-2',
      await tokenFor({ sub: 'prac-other', context: { care_team_id: 'team-2' } }),
    );
    expect(other.status).toBe(200);
    expect((other.body as unknown as Task).status).toBe('ready');
    const write = await call('task', '/Task/task-2', await tokenFor(), {
      method: 'PATCH',
      body: JSON.stringify([{ op: 'replace', path: '/status', value: 'completed' }]),
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(write.status).toBe(403);
    expect(diagnostics(write.body)).toContain('no episode of care with care team team-1');
  });

  it('audits each look-up once per citizen, refusals too, and shows the trail only with the audit privilege', async () => {
    const token = await tokenFor();
    // Opening a citizen by CPR: the search names the CPR, the audit masks it.
    const found = await call(
      'patient',
      '/Patient?identifier=urn:oid:1.2.208.176.1.2|0101900001',
      token,
    );
    expect((found.body as unknown as Bundle).entry).toHaveLength(1);
    const privacy = await tokenFor({ roles: [AUDIT_READ_PRIVILEGE] });
    const origin = backend.origin;
    const trail = async (patient: string, bearer: string) => {
      const response = await fetch(`${origin}/audit/fhir/AuditEvent?patient=${patient}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      return { status: response.status, body: (await response.json()) as Bundle };
    };
    expect((await trail('Patient/pat-1', token)).status).toBe(403);
    const own = await trail('Patient/pat-1', privacy);
    expect(own.status).toBe(200);
    const events = (own.body.entry ?? []).map(
      (entry) => entry.resource as unknown as Record<string, never>,
    );
    const search = events.find(
      (event) =>
        JSON.stringify(event).includes('search-type') &&
        (event.entity as unknown as { query?: string }[]).some((entity) =>
          Buffer.from(entity.query ?? '', 'base64')
            .toString()
            .startsWith('identifier='),
        ),
    ) as unknown as {
      entity: { role?: { code?: string }; query?: string; what?: { reference?: string } }[];
      agent: unknown[];
      outcome: string;
    };
    expect(search).toBeDefined();
    expect(search.outcome).toBe('0');
    expect(search.agent).toHaveLength(1);
    expect(search.entity[0]).toMatchObject({
      what: { reference: 'Patient/pat-1' },
      role: { code: '1' },
    });
    const query = Buffer.from(
      search.entity.find((entity) => entity.query)?.query ?? '',
      'base64',
    ).toString();
    expect(query).toContain('xxxxxxxxxx');
    expect(query).not.toContain('0101900001');

    const refusedTrail = await trail('Patient/pat-2', privacy);
    const outcomes = (refusedTrail.body.entry ?? []).map(
      (entry) => (entry.resource as unknown as { outcome: string }).outcome,
    );
    expect(outcomes).toContain('4');
  });

  it('stores a look-up the app answered from its cache once, however often it is delivered', async () => {
    const token = await tokenFor();
    const privacy = await tokenFor({ roles: [AUDIT_READ_PRIVILEGE] });
    const event = lookupAuditEvent({
      recorded: '2026-12-08T10:00:00.000Z',
      action: 'R',
      subtype: 'read',
      primaryType: 'Patient',
      requestor: {
        identifier: { system: 'urn:ietf:rfc:3986', value: 'Practitioner/prac-adjuster' },
      },
      patient: 'Patient/pat-1',
      accessed: ['Patient/pat-1'],
      origin: 'cache',
    });
    const deliver = (body: unknown, bearer = token, id = 'cache-lookup-1') =>
      fetch(`${backend.origin}/audit/fhir/AuditEvent/${id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/fhir+json' },
        body: JSON.stringify(body),
      });
    const before = (await trailOf('Patient/pat-1', privacy)).length;
    expect((await deliver(event)).status).toBe(201);
    expect((await deliver(event)).status).toBe(200);
    const after = await trailOf('Patient/pat-1', privacy);
    expect(after).toHaveLength(before + 1);
    expect(after.filter((entry) => JSON.stringify(entry).includes('"cache"'))).toHaveLength(1);

    // Another user's look-up, or something that is not one, is refused.
    const someoneElse = await tokenFor({ sub: 'prac-viewer' });
    expect((await deliver(event, someoneElse, 'cache-lookup-2')).status).toBe(403);
    expect((await deliver({ resourceType: 'Patient' }, token, 'cache-lookup-3')).status).toBe(400);
    expect((await deliver(event, 'not-a-token', 'cache-lookup-4')).status).toBe(401);
  });

  async function trailOf(patient: string, bearer: string): Promise<unknown[]> {
    const response = await fetch(`${backend.origin}/audit/fhir/AuditEvent?patient=${patient}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    return ((await response.json()) as Bundle).entry ?? [];
  }

  it('audits a search that names a citizen even when it finds nothing', async () => {
    const token = await tokenFor();
    const privacy = await tokenFor({ roles: [AUDIT_READ_PRIVILEGE] });
    const before = (await trailOf('Patient/pat-1', privacy)).length;
    const empty = await call(
      'measurement',
      '/Observation?subject=Patient/pat-1&date=ge2030-01-01',
      token,
    );
    expect(empty.status).toBe(200);
    expect((empty.body as unknown as Bundle).entry ?? []).toHaveLength(0);
    expect(await trailOf('Patient/pat-1', privacy)).toHaveLength(before + 1);
  });
});
