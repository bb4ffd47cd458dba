/**
 * FUT is several FHIR services (patient, careplan, measurement, task,
 * organization, …), each with its own base URL, with absolute references
 * across them. The gateway holds the map; the renderer sees one base.
 * Its tables are keyed by names from outside (paths, CapabilityStatements):
 * read them by own key only (`Object.hasOwn`), so `constructor` is no entry.
 */
export interface FhirServiceMap {
  /** Service name → base URL ending in `/fhir` (no trailing slash), e.g. `https://careplan.example/fhir`. */
  readonly services: Readonly<Record<string, string>>;
  /** Resource type → the service that holds it (for types on several services, the one the app uses). */
  readonly typeRouting: Readonly<Record<string, string>>;
  /** System-level operations (`$submit-measurement`, …) → service. */
  readonly operationRouting: Readonly<Record<string, string>>;
}

interface CapabilityStatementLike {
  readonly rest?: readonly {
    readonly resource?: readonly { readonly type?: string }[];
    readonly operation?: readonly { readonly name?: string }[];
  }[];
}

/**
 * Where one resource type lives on several services, the app's use decides:
 * messages (ehealth-message) are on the patient service, material on
 * careplan, annotations on measurement — the workbench reads messages.
 */
const PREFERRED_SERVICE: ReadonlyMap<string, string> = new Map([
  ['Communication', 'patient'],
  ['DocumentReference', 'careplan'],
  ['Provenance', 'careplan'],
  ['Binary', 'patient'],
  ['OperationDefinition', 'patient'],
  ['CodeSystem', 'terminology'],
  ['ValueSet', 'terminology'],
]);

/** Builds type and operation routing from FUT's CapabilityStatements (one per service). */
export function routingFromCapabilityStatements(
  statements: Readonly<Record<string, CapabilityStatementLike>>,
): Pick<FhirServiceMap, 'typeRouting' | 'operationRouting'> {
  // Maps, not objects, while collecting: a type or operation named `constructor` or
  // `__proto__` is an ordinary name here; Object.fromEntries keeps it as an own key.
  const holders = new Map<string, string[]>();
  const operationRouting = new Map<string, string>();
  for (const [service, statement] of Object.entries(statements)) {
    for (const rest of statement.rest ?? []) {
      for (const resource of rest.resource ?? []) {
        if (!resource.type) continue;
        holders.set(resource.type, [...(holders.get(resource.type) ?? []), service]);
      }
      for (const operation of rest.operation ?? []) {
        if (operation.name && !operationRouting.has(operation.name))
          operationRouting.set(operation.name, service);
      }
    }
  }
  const typeRouting = new Map<string, string>();
  for (const [type, services] of holders) {
    const preferred = PREFERRED_SERVICE.get(type);
    typeRouting.set(
      type,
      preferred && services.includes(preferred) ? preferred : (services[0] ?? ''),
    );
  }
  return {
    typeRouting: Object.fromEntries(typeRouting),
    operationRouting: Object.fromEntries(operationRouting),
  };
}

/** The service base a URL belongs to, if any: the longest configured base that prefixes it. */
export function serviceOfUrl(
  url: string,
  map: FhirServiceMap,
): { service: string; base: string } | null {
  let best: { service: string; base: string } | null = null;
  for (const [service, base] of Object.entries(map.services)) {
    if (
      (url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`)) &&
      (!best || base.length > best.base.length)
    ) {
      best = { service, base };
    }
  }
  return best;
}
