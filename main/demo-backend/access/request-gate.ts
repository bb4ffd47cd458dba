import type { BackendContext } from '../backend-context.ts';
import { operationOutcome } from '../fhir/fhir-error.ts';
import type { FhirRoute } from '../fhir/fhir-route.ts';
import { failureReply, outcomeReply, type HttpReply } from '../fhir/replies.ts';
import type { RequestData } from '../fhir/request-data.ts';
import type { AuditLog } from './audit-log.ts';
import { actionOfRoute, guardedWrites } from './guarded-writes.ts';
import { principalOf, RequestAccess } from './request-access.ts';
import { auditDeliveryReply, auditTrailReply } from './request-audit.ts';
import type { TokenCheck } from './verify-token.ts';

/** The token check and audit log a server that checks access runs with. */
export interface AccessChecks {
  readonly verify: (authorization: string | undefined) => Promise<TokenCheck>;
  readonly audit: AuditLog;
}

/** 401 asks for a new token (RFC 6750); 403 says why the token does not reach this. */
function refusedReply(status: 401 | 403, text: string): HttpReply {
  const reply = outcomeReply(
    status,
    operationOutcome('error', status === 401 ? 'login' : 'forbidden', text),
  );
  return status === 401
    ? {
        ...reply,
        headers: { ...reply.headers, 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      }
    : reply;
}

/**
 * Lets a FHIR request in, or says why not: a verified token whose context the
 * user belongs to, a role allowing what the request does. Admitted, the
 * request runs with its access on the context and writes guarded by it.
 */
export async function admitRequest(
  checks: AccessChecks,
  route: FhirRoute,
  data: RequestData,
  context: BackendContext,
): Promise<{ readonly context: BackendContext } | { readonly refused: HttpReply }> {
  const who = principalOf(await checks.verify(data.headers.authorization), context);
  if (!who.ok) return { refused: refusedReply(who.status, who.text) };
  const access = new RequestAccess(who.principal, context);
  const action = actionOfRoute(route);
  try {
    if (action) access.requireAction(action);
  } catch (error) {
    return { refused: failureReply(error).reply };
  }
  return {
    context: { ...context, access, writes: guardedWrites(context.writes, access, context.store) },
  };
}

/**
 * The region's audit log at `/audit/fhir/AuditEvent` (not a FUT service):
 * `GET ?patient=` reads a citizen's trail, `PUT /<id>` delivers a look-up.
 */
export async function answerAuditLog(
  checks: AccessChecks,
  data: RequestData,
  context: BackendContext,
): Promise<HttpReply> {
  const check = await checks.verify(data.headers.authorization);
  if (!check.ok) return refusedReply(401, `The access token was not accepted (${check.reason}).`);
  const id = /^\/audit\/fhir\/AuditEvent\/([A-Za-z0-9\-.]{1,64})$/.exec(data.pathname)?.[1];
  if (id !== undefined) return auditDeliveryReply(checks.audit, data, id, check.claims);
  if (data.pathname !== '/audit/fhir/AuditEvent')
    return outcomeReply(404, operationOutcome('error', 'not-found', 'Not an audit log path.'));
  return auditTrailReply(checks.audit, data, check.claims, context);
}
