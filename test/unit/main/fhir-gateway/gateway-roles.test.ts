import { describe, expect, it } from 'vitest';
import { createFhirGateway, writeOf } from '../../../../main/fhir-gateway/fhir-gateway.ts';
import type { AppAction } from '../../../../shared/domain/roles.ts';
import { testServiceMap } from './service-map-fixture.ts';

describe('what a gateway request is, for the role check', () => {
  it.each([
    ['GET', '/fhir/Task/1', null],
    ['POST', '/fhir/Task/_search', null],
    ['POST', '/fhir/careplan/Task/_search', null],
    ['POST', '/fhir/$get-patient-procedures', null],
    ['PATCH', '/fhir/Task/1', 'approve'],
    ['POST', '/fhir/ClinicalImpression', 'approve'],
    ['POST', '/fhir/ClinicalImpression/$set-measurement-validity', 'approve'],
    ['POST', '/fhir/$submit-measurement', 'register-measurement'],
    ['POST', '/fhir/measurement/$submit-measurement', 'register-measurement'],
    ['POST', '/fhir/Communication', 'send-message'],
    ['PUT', '/fhir/CarePlan/cp-1', 'adjust-plan'],
    ['POST', '/fhir/Unheard', 'adjust-plan'],
    ['POST', '/fhir/$create-episode-of-care?x=1', 'enroll-citizen'],
  ] as const)('%s %s is %s', (method, path, action) => {
    expect(writeOf(method, path)).toBe(action);
  });
});

describe('the gateway refuses what no role of the user allows', () => {
  function gateway(allowed: readonly AppAction[]) {
    const reached: string[] = [];
    const handle = createFhirGateway({
      serviceMap: () => testServiceMap,
      fetch: (input) => {
        reached.push(
          typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
        );
        return Promise.resolve(
          new Response('{"resourceType":"Patient","id":"1"}', {
            headers: { 'content-type': 'application/fhir+json' },
          }),
        );
      },
      mayWrite: (action) => allowed.includes(action),
    });
    return { handle, reached };
  }

  it('answers 403 itself, without reaching the server, and still lets reads through', async () => {
    const viewer = gateway(['view-citizen']);
    const refused = await viewer.handle.handle({
      method: 'PATCH',
      path: '/fhir/Patient/1',
      headers: { 'content-type': 'application/json-patch+json' },
      body: '[]',
    });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [
        { code: 'forbidden', diagnostics: expect.stringContaining('enroll-citizen') as unknown },
      ],
    });
    expect(viewer.reached).toEqual([]);
    expect(
      (await viewer.handle.handle({ method: 'GET', path: '/fhir/Patient/1', headers: {} })).status,
    ).toBe(200);
  });

  it('lets a write through for a role that allows it', async () => {
    const adjuster = gateway(['view-citizen', 'enroll-citizen']);
    const answer = await adjuster.handle.handle({
      method: 'PATCH',
      path: '/fhir/Patient/1',
      headers: { 'content-type': 'application/json-patch+json' },
      body: '[]',
    });
    expect(answer.status).toBe(200);
    expect(adjuster.reached).toHaveLength(1);
  });
});
