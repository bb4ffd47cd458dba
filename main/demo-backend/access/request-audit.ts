import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { z } from 'zod/mini';
import { lookupAuditEvent } from '../../../shared/audit/audit-event.ts';
import type { FutAccessClaims } from '../../../shared/auth/fut-claims.ts';
import type { BackendContext } from '../backend-context.ts';
import { operationOutcome } from '../fhir/fhir-error.ts';
import type { FhirRoute } from '../fhir/fhir-route.ts';
import { jsonReply, outcomeReply, type HttpReply } from '../fhir/replies.ts';
import type { RequestData } from '../fhir/request-data.ts';
import type { AuditLog } from './audit-log.ts';

/** The privilege a token needs to read the audit log (the privacy officer's). */
export const AUDIT_READ_PRIVILEGE = 'AuditEvent.read';

/**
 * One AuditEvent per citizen a request showed, or was refused (FUT audits
 * every request that reaches its services, from the token's context).
 */
export function auditRequest(
  log: AuditLog,
  route: FhirRoute,
  request: RequestData,
  context: BackendContext,
): void {
  const access = context.access;
  if (!access) return;
  const { principal } = access;
  const practitioner = context.store.get('Practitioner', principal.practitionerId)?.resource;
  const identifier =
    practitioner?.resourceType === 'Practitioner'
      ? practitioner.identifier?.find((each) => each.system && each.value)
      : undefined;
  const requestor = {
    identifier:
      identifier?.system && identifier.value
        ? { system: identifier.system, value: identifier.value }
        : { system: 'urn:ietf:rfc:3986', value: `Practitioner/${principal.practitionerId}` },
    ...(principal.name ? { display: principal.name } : {}),
    ...(principal.organizationId
      ? { responsibleOrganization: `Organization/${principal.organizationId}` }
      : {}),
  };
  const recorded = new Date(context.clock.readMark()).toISOString();
  const isOperation = route.interaction === 'operation';
  const common = {
    recorded,
    action: isOperation ? ('E' as const) : ('R' as const),
    subtype: isOperation ? `$${route.operation ?? ''}` : route.interaction,
    primaryType: route.type ?? (isOperation ? 'Parameters' : 'Bundle'),
    requestor,
    careTeam: `CareTeam/${principal.careTeamId}`,
    origin: 'network' as const,
    ...(route.interaction === 'search-type' && request.query.length > 0
      ? {
          query: new URLSearchParams(
            request.query.map(([k, v]): [string, string] => [k, v]),
          ).toString(),
        }
      : {}),
  };
  for (const [patient, accessed] of access.shown) {
    log.record(lookupAuditEvent({ ...common, patient: `Patient/${patient}`, accessed }));
  }
  // A search that names a citizen is a look-up of them even when it finds nothing.
  for (const patient of patientsNamed(route, request)) {
    if (access.shown.has(patient) || access.refused.has(patient) || !access.allows(patient))
      continue;
    log.record(lookupAuditEvent({ ...common, patient: `Patient/${patient}`, accessed: [] }));
  }
  for (const patient of access.refused) {
    if (access.shown.has(patient)) continue;
    log.record(
      lookupAuditEvent({ ...common, patient: `Patient/${patient}`, accessed: [], outcome: '4' }),
    );
  }
}

/** The citizens a search names by reference (`patient`, `subject`, `for`, a Patient `_id`). */
function patientsNamed(route: FhirRoute, request: RequestData): Set<string> {
  const named = new Set<string>();
  if (route.interaction !== 'search-type') return named;
  for (const [name, value] of request.query) {
    const parameter = name.split(':')[0] ?? '';
    for (const item of value.split(',')) {
      if (route.type === 'Patient' && parameter === '_id' && /^[A-Za-z0-9\-.]{1,64}$/.test(item))
        named.add(item);
      if (!['patient', 'subject', 'for'].includes(parameter)) continue;
      const id = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(item)?.[1];
      if (id) named.add(id);
    }
  }
  return named;
}

/** `GET /audit/fhir/AuditEvent?patient=Patient/<id>`: a citizen's trail, for a token with the audit privilege. */
export function auditTrailReply(
  log: AuditLog,
  request: RequestData,
  claims: FutAccessClaims,
  context: BackendContext,
): HttpReply {
  if (request.method !== 'GET')
    return outcomeReply(
      405,
      operationOutcome('error', 'not-supported', 'Read the audit log with GET.'),
    );
  if (!(claims.realm_access?.roles ?? []).includes(AUDIT_READ_PRIVILEGE)) {
    return outcomeReply(
      403,
      operationOutcome(
        'error',
        'forbidden',
        `Reading the audit log needs ${AUDIT_READ_PRIVILEGE}.`,
      ),
    );
  }
  const patients = request.query.filter(([name]) => name === 'patient').map(([, value]) => value);
  if (
    patients.length !== 1 ||
    !/^(?:.*\/)?Patient\/[A-Za-z0-9\-.]{1,64}$/.test(patients[0] ?? '')
  ) {
    return outcomeReply(
      400,
      operationOutcome('error', 'required', 'Name one citizen: ?patient=Patient/<id>.'),
    );
  }
  const events = log.forPatient(patients[0] ?? '');
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    total: events.length,
    meta: { lastUpdated: new Date(context.clock.readMark()).toISOString() },
    entry: events.map((event) => ({ resource: event })),
  };
  return jsonReply(200, JSON.stringify(bundle));
}

/**
 * `PUT /audit/fhir/AuditEvent/<id>`: the app delivers a look-up it answered
 * from its cache, under an id it chose, so a delivery repeated after a lost
 * answer is stored once (201 the first time, 200 after). The event must be
 * the user's own: its requestor names the token's subject.
 */
export function auditDeliveryReply(
  log: AuditLog,
  request: RequestData,
  id: string,
  claims: FutAccessClaims,
): HttpReply {
  if (request.method !== 'PUT')
    return outcomeReply(405, operationOutcome('error', 'not-supported', 'Deliver with PUT.'));
  let event: unknown;
  try {
    event = JSON.parse(request.body.toString('utf8'));
  } catch {
    return outcomeReply(400, operationOutcome('error', 'structure', 'The body is not JSON.'));
  }
  const parsed = DeliveredAuditEventSchema.safeParse(event);
  if (!parsed.success) {
    return outcomeReply(
      400,
      operationOutcome('error', 'invalid', 'Not an AuditEvent with one requestor and a patient.'),
    );
  }
  const requestor = parsed.data.agent.find((agent) => agent.requestor)?.who?.identifier?.value;
  if (requestor !== claims.sub && requestor !== `Practitioner/${claims.sub}`) {
    return outcomeReply(
      403,
      operationOutcome(
        'error',
        'forbidden',
        "An audit event may only name the user's own look-ups.",
      ),
    );
  }
  const created = log.record(event as AuditEvent, id);
  return jsonReply(created ? 201 : 200, JSON.stringify({ ...(event as AuditEvent), id }));
}

/** What a delivered event must hold for the trail to make sense of it. */
const DeliveredAuditEventSchema = z.object({
  resourceType: z.literal('AuditEvent'),
  recorded: z.string().check(z.maxLength(40)),
  agent: z
    .array(
      z.object({
        requestor: z.boolean(),
        who: z.optional(
          z.object({ identifier: z.optional(z.object({ value: z.optional(z.string()) })) }),
        ),
      }),
    )
    .check(z.minLength(1), z.maxLength(5)),
  entity: z.array(z.object({ role: z.optional(z.object({ code: z.optional(z.string()) })) })).check(
    z.refine((entities) => entities.some((entity) => entity.role?.code === '1'), {
      message: 'names no patient',
    }),
  ),
});
