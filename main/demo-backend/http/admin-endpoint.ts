import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { RequestData } from '../fhir/request-data.ts';
import { FaultRuleSchema, type FaultController } from '../faults/fault-controller.ts';
import type { HttpReply } from '../fhir/replies.ts';

/**
 * The loopback admin endpoint for faults, guarded by the per-run token
 * (`Authorization: Bearer <token>` or `X-Admin-Token: <token>`):
 * - `GET /__admin/faults` → `{ latencyMs, faults: [{ id, rule, remaining, fired }] }`
 * - `POST /__admin/faults` with `{ faults?: FaultRule[], latencyMs?: number }` → `{ ids }`
 * - `DELETE /__admin/faults` → removes every rule (latency stays)
 * - `DELETE /__admin/faults/<id>` → removes one rule
 * Admin requests are never subject to faults.
 */

const AddFaultsSchema = z.strictObject({
  faults: z.array(FaultRuleSchema).max(100).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
});

function json(status: number, value: unknown): HttpReply {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify(value),
  };
}

function tokenMatches(request: RequestData, token: string): boolean {
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const given = Buffer.from(bearer ?? request.headers['x-admin-token'] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function handleAdmin(
  request: RequestData,
  token: string,
  faults: FaultController,
): HttpReply {
  if (!tokenMatches(request, token))
    return json(401, { error: 'The admin token is missing or wrong.' });
  const [, , resource, id, ...rest] = request.pathname.split('/');
  if (resource !== 'faults' || rest.length > 0)
    return json(404, { error: `No admin resource ${request.pathname}.` });
  if (id !== undefined && id !== '') {
    if (request.method !== 'DELETE')
      return json(405, { error: 'Only DELETE applies to one fault.' });
    return faults.remove(id) ? json(200, { removed: id }) : json(404, { error: `No fault ${id}.` });
  }
  switch (request.method) {
    case 'GET':
      return json(200, { latencyMs: faults.latencyMs, faults: faults.list() });
    case 'DELETE':
      faults.clear();
      return json(200, { cleared: true });
    case 'POST': {
      let body: unknown;
      try {
        body = JSON.parse(request.body.toString('utf8')) as unknown;
      } catch {
        return json(400, { error: 'The body is not JSON.' });
      }
      const parsed = AddFaultsSchema.safeParse(body);
      if (!parsed.success) {
        return json(400, {
          error: 'Invalid faults.',
          issues: parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.')}: ${i.message}`),
        });
      }
      if (parsed.data.latencyMs !== undefined) faults.setLatency(parsed.data.latencyMs);
      const ids = (parsed.data.faults ?? []).map((rule) => faults.add(rule));
      return json(200, { ids });
    }
    default:
      return json(405, { error: `${request.method} is not allowed here.` });
  }
}
