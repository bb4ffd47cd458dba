import { describe, expect, it } from 'vitest';
import {
  createFhirGateway,
  UNREACHABLE_HEADER,
  type GatewayRequest,
} from '../../../../main/fhir-gateway/fhir-gateway.ts';
import { testServiceMap } from './service-map-fixture.ts';

const map = testServiceMap;

interface Seen {
  url: string;
  init: RequestInit;
}

/** An upstream that answers from a script and records what reached it. */
function upstream(answers: ((url: string) => Response | Error)[]) {
  const seen: Seen[] = [];
  let call = 0;
  const fetchStub: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    seen.push({ url, init: init ?? {} });
    const next = answers[Math.min(call++, answers.length - 1)];
    const result = next ? next(url) : new Error('no answer scripted');
    return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
  };
  return { seen, fetch: fetchStub };
}

const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/fhir+json', ...headers },
    });

const get = (path: string, headers: Record<string, string> = {}): GatewayRequest => ({
  method: 'GET',
  path,
  headers,
});

function gatewayWith(
  answers: ((url: string) => Response | Error)[],
  extra: Partial<Parameters<typeof createFhirGateway>[0]> = {},
) {
  const up = upstream(answers);
  const gateway = createFhirGateway({
    serviceMap: () => map,
    fetch: up.fetch,
    retryDelayMs: () => 0,
    ...extra,
  });
  return { gateway, seen: up.seen };
}

describe('the FHIR gateway', () => {
  it('adds the bearer token and passes on only the headers FHIR needs', async () => {
    const { gateway, seen } = gatewayWith([json({ resourceType: 'Patient', id: '1' })], {
      accessToken: () => Promise.resolve('token-1'),
    });
    await gateway.handle(
      get('/fhir/Patient/1', {
        authorization: 'Bearer stolen',
        cookie: 'a=b',
        'if-none-match': 'W/"1"',
        'x-evil': '1',
      }),
    );
    const headers = new Headers(seen[0]?.init.headers);
    expect(headers.get('authorization')).toBe('Bearer token-1');
    expect(headers.get('cookie')).toBeNull();
    expect(headers.get('x-evil')).toBeNull();
    expect(headers.get('if-none-match')).toBe('W/"1"');
  });

  it('never lets the page choose its own Authorization header', async () => {
    const { gateway, seen } = gatewayWith([json({ resourceType: 'Patient', id: '1' })]);
    await gateway.handle(get('/fhir/Patient/1', { authorization: 'Bearer from-page' }));
    expect(new Headers(seen[0]?.init.headers).get('authorization')).toBeNull();
  });

  it('normalises references, rewrites links to configured services and drops a link to another host', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      link: [
        { relation: 'self', url: 'https://careplan.fut.test/fhir/EpisodeOfCare?team=CareTeam/1' },
        { relation: 'next', url: 'https://evil.example/fhir/EpisodeOfCare?page=2' },
      ],
      entry: [
        {
          fullUrl: 'https://careplan.fut.test/fhir/EpisodeOfCare/9',
          resource: {
            resourceType: 'EpisodeOfCare',
            id: '9',
            patient: { reference: 'https://patient.fut.test/fhir/Patient/5' },
            managingOrganization: { reference: 'https://elsewhere.example/fhir/Organization/1' },
          },
        },
      ],
    };
    const { gateway, seen } = gatewayWith([json(bundle)]);
    const response = await gateway.handle(get('/fhir/EpisodeOfCare?team=CareTeam/1'));
    const body = JSON.parse(response.body) as typeof bundle;
    expect(body.link).toEqual([
      { relation: 'self', url: '/fhir/careplan/EpisodeOfCare?team=CareTeam/1' },
    ]);
    expect(body.entry[0]?.fullUrl).toBe('EpisodeOfCare/9');
    expect(body.entry[0]?.resource.patient.reference).toBe('Patient/5');
    expect(body.entry[0]?.resource.managingOrganization.reference).toBe(
      'https://elsewhere.example/fhir/Organization/1',
    );
    expect(response.headers['x-workbench-refused-links']).toBe('1');
    expect(seen.map((s) => s.url)).toEqual([
      'https://careplan.fut.test/fhir/EpisodeOfCare?team=CareTeam/1',
    ]);
  });

  it('marks every answer no-store', async () => {
    const { gateway } = gatewayWith([
      json({ resourceType: 'Patient', id: '1' }, 200, { 'cache-control': 'max-age=3600' }),
    ]);
    const response = await gateway.handle(get('/fhir/Patient/1'));
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('tells the page never to sniff an answer: success, server error, its own refusal, unreachable', async () => {
    const { gateway } = gatewayWith([
      json({ resourceType: 'Patient', id: '1' }),
      json({ resourceType: 'OperationOutcome', issue: [] }, 500),
    ]);
    const answers = [
      await gateway.handle(get('/fhir/Patient/1')),
      await gateway.handle(get('/fhir/Patient/2')),
      await gateway.handle(get('/fhir/Unknown/1')),
    ];
    gateway.setReachable(false);
    answers.push(await gateway.handle(get('/fhir/Patient/1')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 500, 404, 503]);
    for (const answer of answers) {
      expect(answer.headers['x-content-type-options'], String(answer.status)).toBe('nosniff');
    }
  });

  it('answers malformed JSON and non-FHIR JSON with a clear OperationOutcome', async () => {
    for (const body of ['{"resourceType": "Patient", ', '[1,2,3]', '{"id":"x"}']) {
      const { gateway } = gatewayWith([() => new Response(body, { status: 200 })]);
      const response = await gateway.handle(get('/fhir/Patient/1'));
      expect(response.status).toBe(502);
      expect(JSON.parse(response.body)).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'exception' }],
      });
    }
  });

  it('does not follow redirects', async () => {
    const { gateway, seen } = gatewayWith([
      () => new Response(null, { status: 302, headers: { location: 'https://evil.example/' } }),
    ]);
    const response = await gateway.handle(get('/fhir/Patient/1'));
    expect(response.status).toBe(502);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.init.redirect).toBe('manual');
  });

  it('retries reads after a network error or 503, but never retries a write', async () => {
    const read = gatewayWith([
      () => new TypeError('reset'),
      json({}, 503),
      json({ resourceType: 'Patient', id: '1' }),
    ]);
    const response = await read.gateway.handle(get('/fhir/Patient/1'));
    expect(response.status).toBe(200);
    expect(read.seen).toHaveLength(3);

    const write = gatewayWith([() => new TypeError('reset'), json({ resourceType: 'Patient' })]);
    const answer = await write.gateway.handle({
      method: 'PATCH',
      path: '/fhir/Patient/1',
      headers: {},
      body: '[]',
    });
    expect(write.seen).toHaveLength(1);
    expect(answer.status).toBe(503);
    expect(answer.headers[UNREACHABLE_HEADER]).toBe('unreachable');
  });

  it('logs a retried search by its path, never its query (it names the citizen)', async () => {
    const logged: string[] = [];
    const { gateway } = gatewayWith(
      [() => new TypeError('reset'), json({ resourceType: 'Bundle' })],
      {
        log: (message) => logged.push(message),
      },
    );
    await gateway.handle(
      get('/fhir/Patient?identifier=urn%3Aoid%3A1.2.208.176.1.2%7C0101011234&name=Jens'),
    );
    expect(logged).toEqual([expect.stringContaining('retrying GET')]);
    expect(logged.join('\n')).not.toMatch(/0101011234|Jens|identifier|\?/);
  });

  it('says the server cannot be reached when cut off, without trying, and recovers when reconnected', async () => {
    const { gateway, seen } = gatewayWith([json({ resourceType: 'Patient', id: '1' })]);
    gateway.setReachable(false);
    const offline = await gateway.handle(get('/fhir/Patient/1'));
    expect(offline.status).toBe(503);
    expect(offline.headers[UNREACHABLE_HEADER]).toBe('unreachable');
    expect(JSON.parse(offline.body)).toMatchObject({ issue: [{ code: 'transient' }] });
    expect(seen).toHaveLength(0);
    gateway.setReachable(true);
    expect((await gateway.handle(get('/fhir/Patient/1'))).status).toBe(200);
  });

  it('times out a server that never answers', async () => {
    const never: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)),
      );
    const gateway = createFhirGateway({
      serviceMap: () => map,
      fetch: never,
      timeoutMs: 20,
      readRetries: 0,
    });
    const response = await gateway.handle(get('/fhir/Patient/1'));
    expect(response.status).toBe(503);
    expect(response.body).toContain('did not answer');
  });

  it('refuses methods the workbench does not use and oversized bodies', async () => {
    const { gateway, seen } = gatewayWith([json({ resourceType: 'Patient' })]);
    expect(
      (await gateway.handle({ method: 'DELETE', path: '/fhir/Patient/1', headers: {} })).status,
    ).toBe(405);
    expect(
      (
        await gateway.handle({
          method: 'POST',
          path: '/fhir/Patient',
          headers: {},
          body: 'x'.repeat(6 * 1024 * 1024),
        })
      ).status,
    ).toBe(413);
    expect(seen).toHaveLength(0);
  });

  it('rewrites the Location of a created resource', async () => {
    const { gateway } = gatewayWith([
      json({ resourceType: 'Observation', id: '3' }, 201, {
        location: 'https://measurement.fut.test/fhir/Observation/3/_history/1',
      }),
    ]);
    const response = await gateway.handle({
      method: 'POST',
      path: '/fhir/Observation',
      headers: {},
      body: '{}',
    });
    expect(response.headers.location).toBe('Observation/3/_history/1');
  });
});
