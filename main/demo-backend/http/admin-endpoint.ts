import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { AdjustableClock } from '../../../shared/time/clock.ts';
import { FaultRuleSchema, type FaultController } from '../faults/fault-controller.ts';
import type { HttpReply } from '../fhir/replies.ts';
import type { RequestData } from '../fhir/request-data.ts';

/**
 * The loopback admin endpoint, guarded by the per-run token
 * (`Authorization: Bearer <token>` or `X-Admin-Token: <token>`):
 * - `GET /__admin/faults` → `{ latencyMs, faults: [{ id, rule, remaining, fired }] }`
 * - `POST /__admin/faults` with `{ faults?: FaultRule[], latencyMs?: number }` → `{ ids }`
 * - `DELETE /__admin/faults` → removes every rule (latency stays)
 * - `DELETE /__admin/faults/<id>` → removes one rule
 * - `GET /__admin/clock` → `{ now, offsetMs }` (now as an ISO instant)
 * - `POST /__admin/clock` with `{ set?: ISO instant, advanceMs?: number }` → the same
 *   (set first, then advance), so a test can move the server's time instead of waiting
 * - `DELETE /__admin/clock` → back to the base clock (offset 0)
 * Admin requests are never subject to faults.
 */

/** What the endpoint acts on. */
export interface AdminParts {
  readonly faults: FaultController;
  readonly clock: AdjustableClock;
}

const AddFaultsSchema = z.strictObject({
  faults: z.array(FaultRuleSchema).max(100).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
});

const MoveClockSchema = z.strictObject({
  set: z.iso.datetime({ offset: true }).optional(),
  advanceMs: z
    .number()
    .int()
    .min(-3_650 * 86_400_000)
    .max(3_650 * 86_400_000)
    .optional(),
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

/** The body as `schema` describes it, or the 400 reply that says why not. */
function readBody<T>(
  request: RequestData,
  schema: z.ZodType<T>,
  what: string,
): { ok: true; value: T } | { ok: false; reply: HttpReply } {
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8')) as unknown;
  } catch {
    return { ok: false, reply: json(400, { error: 'The body is not JSON.' }) };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    reply: json(400, {
      error: `Invalid ${what}.`,
      issues: parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.')}: ${i.message}`),
    }),
  };
}

export function handleAdmin(request: RequestData, token: string, parts: AdminParts): HttpReply {
  if (!tokenMatches(request, token))
    return json(401, { error: 'The admin token is missing or wrong.' });
  const [, , resource, id, ...rest] = request.pathname.split('/');
  if (rest.length > 0) return json(404, { error: `No admin resource ${request.pathname}.` });
  if (resource === 'faults') return handleFaults(request, id, parts.faults);
  if (resource === 'clock' && (id === undefined || id === ''))
    return handleClock(request, parts.clock);
  return json(404, { error: `No admin resource ${request.pathname}.` });
}

function handleFaults(
  request: RequestData,
  id: string | undefined,
  faults: FaultController,
): HttpReply {
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
      const body = readBody(request, AddFaultsSchema, 'faults');
      if (!body.ok) return body.reply;
      if (body.value.latencyMs !== undefined) faults.setLatency(body.value.latencyMs);
      const ids = (body.value.faults ?? []).map((rule) => faults.add(rule));
      return json(200, { ids });
    }
    default:
      return json(405, { error: `${request.method} is not allowed here.` });
  }
}

function clockState(clock: AdjustableClock): HttpReply {
  return json(200, { now: new Date(clock.now()).toISOString(), offsetMs: clock.offset() });
}

function handleClock(request: RequestData, clock: AdjustableClock): HttpReply {
  switch (request.method) {
    case 'GET':
      return clockState(clock);
    case 'DELETE':
      clock.advance(-clock.offset());
      return clockState(clock);
    case 'POST': {
      const body = readBody(request, MoveClockSchema, 'clock change');
      if (!body.ok) return body.reply;
      if (body.value.set !== undefined) clock.set(Date.parse(body.value.set));
      if (body.value.advanceMs !== undefined) clock.advance(body.value.advanceMs);
      return clockState(clock);
    }
    default:
      return json(405, { error: `${request.method} is not allowed here.` });
  }
}
