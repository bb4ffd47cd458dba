import type { Resource } from '@medplum/fhirtypes';

/**
 * Whose data a resource is: the Patient id it belongs to, or null for data
 * that belongs to nobody in particular (organisations, care teams, plans,
 * questionnaires, terminology). References are the store's internal form
 * (relative, `Patient/<id>`). A resource of a type not listed here is treated
 * as nobody's: the list names every patient-bound type FUT's services hold.
 */
const PATIENT_FIELD: Readonly<Record<string, readonly string[]>> = {
  EpisodeOfCare: ['patient'],
  Consent: ['patient'],
  CarePlan: ['subject'],
  ServiceRequest: ['subject'],
  Observation: ['subject'],
  QuestionnaireResponse: ['subject', 'source'],
  ClinicalImpression: ['subject'],
  Condition: ['subject'],
  Communication: ['subject'],
  CommunicationRequest: ['subject'],
  DocumentReference: ['subject'],
  Media: ['subject'],
  DeviceUseStatement: ['subject'],
  Goal: ['subject'],
  Task: ['for'],
  Flag: ['subject'],
  RelatedPerson: ['patient'],
};

function patientId(reference: unknown): string | null {
  if (typeof reference !== 'object' || reference === null) return null;
  const value = (reference as { reference?: unknown }).reference;
  if (typeof value !== 'string') return null;
  const match = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(value);
  return match?.[1] ?? null;
}

export function patientOf(resource: Resource & { readonly id?: string }): string | null {
  if (resource.resourceType === 'Patient') return resource.id ?? null;
  if (resource.resourceType === 'Appointment') {
    for (const participant of resource.participant ?? []) {
      const id = patientId(participant.actor);
      if (id) return id;
    }
    return null;
  }
  const fields = PATIENT_FIELD[resource.resourceType];
  if (!fields) return null;
  const record = resource as unknown as Record<string, unknown>;
  for (const field of fields) {
    const id = patientId(record[field]);
    if (id) return id;
  }
  return null;
}
