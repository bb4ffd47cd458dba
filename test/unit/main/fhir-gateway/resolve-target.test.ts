import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFhirGateway } from '../../../../main/fhir-gateway/fhir-gateway.ts';
import { resolveTarget } from '../../../../main/fhir-gateway/resolve-target.ts';
import { routingFromCapabilityStatements } from '../../../../main/fhir-gateway/service-map.ts';
import { testServiceMap } from './service-map-fixture.ts';

const map = testServiceMap;

/** A gateway whose upstream records every URL it is asked for and answers a Patient. */
function recordingGateway() {
  const seen: string[] = [];
  const gateway = createFhirGateway({
    serviceMap: () => map,
    fetch: (input) => {
      seen.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return Promise.resolve(
        new Response(JSON.stringify({ resourceType: 'Patient', id: '1' }), { status: 200 }),
      );
    },
    readRetries: 0,
  });
  return { gateway, seen };
}

/** The gateway's own refusal: 404, an OperationOutcome, and nothing sent upstream. */
async function expectRefused(path: string): Promise<void> {
  const target = resolveTarget(path, map);
  expect(target, path).toHaveProperty('status', 404);
  expect(target, path).not.toHaveProperty('url');
  const { gateway, seen } = recordingGateway();
  const response = await gateway.handle({ method: 'GET', path, headers: {} });
  expect(response.status, path).toBe(404);
  expect(JSON.parse(response.body), path).toMatchObject({
    resourceType: 'OperationOutcome',
    issue: [{ code: 'not-found' }],
  });
  expect(seen, path).toEqual([]);
}

describe('resolveTarget', () => {
  it('routes by resource type, by operation and by explicit service', () => {
    expect(resolveTarget('/fhir/Observation?episodeOfCare=EpisodeOfCare/1', map)).toEqual({
      url: 'https://measurement.fut.test/fhir/Observation?episodeOfCare=EpisodeOfCare/1',
    });
    expect(resolveTarget('/fhir/$submit-measurement', map)).toEqual({
      url: 'https://measurement.fut.test/fhir/$submit-measurement',
    });
    expect(resolveTarget('/fhir/careplan/EpisodeOfCare/7', map)).toEqual({
      url: 'https://careplan.fut.test/fhir/EpisodeOfCare/7',
    });
  });

  it('refuses what it cannot place, and anything that tries to climb out of a service', () => {
    for (const path of [
      '/fhir/Unknown',
      '/fhir/$drop-tables',
      '/fhir/evil/Patient',
      '/fhir/../admin',
      '/fhir/patient/..%2Fadmin',
      '/other',
      '/fhir',
    ]) {
      expect(resolveTarget(path, map), path).toHaveProperty('error');
    }
  });

  it.each([
    ['/fhir/Patient/pat-1', 'https://patient.fut.test/fhir/Patient/pat-1'],
    ['/fhir/Patient?identifier=x%7Cy', 'https://patient.fut.test/fhir/Patient?identifier=x%7Cy'],
    ['/fhir/Patient?name=..%2F..', 'https://patient.fut.test/fhir/Patient?name=..%2F..'],
    ['/fhir/$submit-measurement', 'https://measurement.fut.test/fhir/$submit-measurement'],
    ['/fhir/careplan/EpisodeOfCare/1', 'https://careplan.fut.test/fhir/EpisodeOfCare/1'],
    ['/fhir/Patient/pat-1/_history/2', 'https://patient.fut.test/fhir/Patient/pat-1/_history/2'],
    ['/fhir/Patient/1.2.3', 'https://patient.fut.test/fhir/Patient/1.2.3'],
  ])('still sends %s to %s', (path, url) => {
    expect(resolveTarget(path, map)).toEqual({ url });
  });

  it.each([
    '/fhir/%2e%2e/admin',
    '/fhir/Patient/%2E%2E/%2e%2e/x',
    '/fhir/Patient/%2E%2e/%2e%2E/x',
    '/fhir/careplan/.%2e/x',
    '/fhir/careplan/%2e./x',
    '/fhir/careplan/%2e/x',
    '/fhir/Patient/%2e',
    '/fhir/Patient/%zz',
    '/fhir/Patient/%e2%82',
    '/fhir/Patient/a%5c..',
    '/fhir/Patient/a\\..\\..\\x',
    '/fhir/Patient/%252e%252e/%252e%252e/x',
    '/fhir/Patient/..%252fadmin',
    '/fhir/Patient/a%2fb',
    '/fhir/Patient/a%00b',
    '/fhir/Patient/a%0d%0aX-Injected:%201',
    '/fhir/%50atient/%2e%2e/%2e%2e/x',
  ])('refuses %s with 404, and sends nothing upstream', async (path) => {
    await expectRefused(path);
  });

  it.each([
    '/fhir/constructor/x',
    '/fhir/__proto__/x',
    '/fhir/toString',
    '/fhir/hasOwnProperty/x',
    '/fhir/valueOf',
    '/fhir/$constructor',
    '/fhir/$__proto__',
  ])('does not mistake %s for a configured service', async (path) => {
    await expectRefused(path);
  });

  it('routes an operation that happens to be named like an Object member as an ordinary name', () => {
    const routing = routingFromCapabilityStatements({
      measurement: { rest: [{ operation: [{ name: 'constructor' }] }] },
    });
    expect(resolveTarget('/fhir/$constructor', { services: map.services, ...routing })).toEqual({
      url: 'https://measurement.fut.test/fhir/$constructor',
    });
  });

  it.each(['/fhir/careplan/..#', '/fhir/Patient/..#x', '/fhir/Patient?name=a#b'])(
    'refuses %s: a raw # would cut the URL after its .. is resolved',
    (path) => {
      expect(resolveTarget(path, map)).toMatchObject({ status: 404 });
    },
  );

  it('never gives a URL that the fetch would take outside the configured service base', () => {
    const first = fc.constantFrom(
      ...['Patient', '%50atient', 'careplan', '$submit-measurement', 'constructor', '__proto__'],
    );
    const piece = fc.constantFrom(
      ...['.', '%2e', '%2E', '%252e', '%5c', '\\', '%2f', '%00', '%zz', '%', 'a', '?', '#'],
    );
    const segment = fc.array(piece, { maxLength: 3 }).map((pieces) => pieces.join(''));
    const path = fc
      .tuple(first, fc.array(segment, { maxLength: 5 }))
      .map(([head, tail]) => `/fhir/${[head, ...tail].join('/')}`);
    fc.assert(
      fc.property(path, (candidate) => {
        const target = resolveTarget(candidate, map);
        if ('error' in target) return;
        const reached = new URL(target.url);
        const inside = Object.values(map.services).some((base) => {
          const service = new URL(base);
          return (
            reached.origin === service.origin && reached.pathname.startsWith(`${service.pathname}/`)
          );
        });
        expect(inside, `${candidate} → ${reached.href}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
