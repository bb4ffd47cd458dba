import type { Resource } from '@medplum/fhirtypes';
import type { ServiceCatalog } from './service-catalog.ts';

/**
 * Which service a resource lives on. A type listed by one service lives there.
 * Where several list it (Communication, Provenance, DocumentReference, …) the
 * resource's `meta.profile` decides when it matches exactly one statement's
 * profile: ehealth-message → patient, ehealth-communication → measurement,
 * ehealth-material-communication → careplan. Otherwise the preference below.
 */

/**
 * Fallbacks for types several services list, where the profile does not tell.
 * A Communication without a profile is a message (what the workbench mostly
 * writes), as in the gateway's routing.
 */
const PREFERRED_SERVICE: Readonly<Record<string, string>> = {
  Communication: 'patient',
  DocumentReference: 'careplan',
  Practitioner: 'organization',
  StructureDefinition: 'questionnaire',
  CodeSystem: 'terminology',
  ValueSet: 'terminology',
};

/** Services that hold resources; types with no interaction at all (Binary on most) are not homes. */
function holdersOf(type: string, catalog: ServiceCatalog): string[] {
  return catalog
    .servicesHolding(type)
    .filter((service) => (catalog.rules(service, type)?.interactions.size ?? 0) > 0);
}

/**
 * The service a resource belongs on, or undefined when no service holds its type.
 * `serviceOfReference` tells where an already stored resource lives (Provenance
 * follows its targets: measurement Provenances live with the measurements).
 */
export function homeServiceOf(
  resource: Resource,
  catalog: ServiceCatalog,
  serviceOfReference: (reference: string) => string | undefined = () => undefined,
): string | undefined {
  const holders = holdersOf(resource.resourceType, catalog);
  if (holders.length <= 1) return holders[0];
  const profiles = resource.meta?.profile ?? [];
  const byProfile = holders.filter((service) => {
    const profile = catalog.rules(service, resource.resourceType)?.profile;
    return profile !== undefined && profiles.includes(profile);
  });
  if (byProfile.length === 1) return byProfile[0];
  if (resource.resourceType === 'Provenance') {
    const targetServices = (resource.target ?? []).map((target) =>
      target.reference ? serviceOfReference(target.reference) : undefined,
    );
    const match = holders.find((service) => targetServices.includes(service));
    if (match) return match;
  }
  const preferred = PREFERRED_SERVICE[resource.resourceType];
  return preferred && holders.includes(preferred) ? preferred : holders[0];
}

/** The service a reference `Type/id` points to when the target is not stored (or not looked up). */
export function defaultServiceOfType(type: string, catalog: ServiceCatalog): string | undefined {
  const holders = holdersOf(type, catalog);
  if (holders.length <= 1) return holders[0];
  const preferred = PREFERRED_SERVICE[type];
  return preferred && holders.includes(preferred) ? preferred : holders[0];
}

/** Whether a type may live on a service at all (for absolute references pointing at it). */
export function serviceMayHold(service: string, type: string, catalog: ServiceCatalog): boolean {
  return holdersOf(type, catalog).includes(service);
}
