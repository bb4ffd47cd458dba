import type {
  Appointment,
  CarePlan,
  CareTeam,
  ClinicalImpression,
  Communication,
  Condition,
  EpisodeOfCare,
  Observation,
  Organization,
  Patient,
  QuestionnaireResponse,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';

/**
 * Small hand-made FUT-shaped resources for the demo back end's tests: ids given,
 * references relative, dependencies first (the generator's output contract).
 * Not complete profiles: enough for routing, search and the operations.
 */

const SD = 'http://ehealth.sundhed.dk/fhir/StructureDefinition/';
export const EPISODE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare';
export const CPR_SYSTEM = 'urn:oid:1.2.208.176.1.2';
export const NPU_SYSTEM = 'urn:oid:1.2.208.176.2.1';
export const SATURATION = { system: NPU_SYSTEM, code: 'NPU03011', display: 'O2 saturation' };

const profile = (id: string): { profile: string[] } => ({ profile: [`${SD}${id}`] });
const episodeLink = (
  episodeId: string,
): { url: string; valueReference: { reference: string } } => ({
  url: EPISODE_EXTENSION,
  valueReference: { reference: `EpisodeOfCare/${episodeId}` },
});

export function organization(id: string): Organization {
  return {
    resourceType: 'Organization',
    id,
    meta: profile('ehealth-organization'),
    identifier: [{ system: 'urn:oid:1.2.208.176.1.1', value: `sor-${id}` }],
    name: `Organisation ${id}`,
  };
}

export function careTeam(id: string, organizationId: string): CareTeam {
  return {
    resourceType: 'CareTeam',
    id,
    meta: profile('ehealth-careteam'),
    status: 'active',
    name: `Team ${id}`,
    identifier: [
      {
        system: 'urn:ietf:rfc:3986',
        value: `urn:uuid:00000000-0000-4000-8000-${id.padStart(12, '0').slice(-12)}`,
      },
    ],
    managingOrganization: [{ reference: `Organization/${organizationId}` }],
  };
}

export function patient(id: string, cpr: string): Patient {
  return {
    resourceType: 'Patient',
    id,
    meta: profile('ehealth-patient'),
    identifier: [{ system: CPR_SYSTEM, value: cpr }],
    gender: 'female',
    name: [{ family: `Borger ${id}`, given: ['Test'] }],
  };
}

export function condition(id: string, patientId: string): Condition {
  return {
    resourceType: 'Condition',
    id,
    meta: profile('ehealth-condition'),
    subject: { reference: `Patient/${patientId}` },
    code: { coding: [{ system: 'urn:oid:1.2.208.176.2.4', code: 'DJ44' }] },
  };
}

export function episodeOfCare(
  id: string,
  patientId: string,
  teamIds: readonly string[],
  extra: Partial<EpisodeOfCare> = {},
): EpisodeOfCare {
  return {
    resourceType: 'EpisodeOfCare',
    id,
    meta: profile('ehealth-episodeofcare'),
    status: 'active',
    patient: { reference: `Patient/${patientId}` },
    team: teamIds.map((teamId) => ({ reference: `CareTeam/${teamId}` })),
    period: { start: '2025-01-01T00:00:00Z' },
    ...extra,
  };
}

export function serviceRequest(
  id: string,
  patientId: string,
  episodeId: string,
  extra: Partial<ServiceRequest> = {},
): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    meta: profile('ehealth-servicerequest'),
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    extension: [episodeLink(episodeId)],
    code: { coding: [SATURATION], text: 'Iltmætning' },
    ...extra,
  };
}

export function carePlan(
  id: string,
  patientId: string,
  episodeId: string,
  requestIds: readonly string[],
): CarePlan {
  return {
    resourceType: 'CarePlan',
    id,
    meta: profile('ehealth-careplan'),
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    extension: [episodeLink(episodeId)],
    activity: requestIds.map((requestId) => ({
      reference: { reference: `ServiceRequest/${requestId}` },
    })),
  };
}

export function observation(
  id: string,
  patientId: string,
  episodeId: string,
  effective: string,
  extra: Partial<Observation> = {},
): Observation {
  return {
    resourceType: 'Observation',
    id,
    meta: profile('ehealth-observation'),
    status: 'final',
    extension: [episodeLink(episodeId)],
    code: { coding: [SATURATION] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: effective,
    valueQuantity: { value: 94, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:obs-${id}` }],
    ...extra,
  };
}

export function questionnaireResponse(
  id: string,
  patientId: string,
  episodeId: string,
  authored: string,
): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    id,
    meta: profile('ehealth-questionnaireresponse'),
    status: 'completed',
    extension: [episodeLink(episodeId)],
    questionnaire: 'http://example.org/Questionnaire/cat',
    subject: { reference: `Patient/${patientId}` },
    authored,
  };
}

export function task(
  id: string,
  patientId: string,
  episodeId: string,
  responsibleTeamId: string,
  extra: Partial<Task> = {},
): Task {
  return {
    resourceType: 'Task',
    id,
    meta: profile('ehealth-task'),
    status: 'ready',
    intent: 'order',
    priority: 'routine',
    for: { reference: `Patient/${patientId}` },
    extension: [
      {
        url: `${SD}ehealth-task-episodeOfCare`,
        valueReference: { reference: `EpisodeOfCare/${episodeId}` },
      },
      {
        url: `${SD}ehealth-task-responsible`,
        valueReference: { reference: `CareTeam/${responsibleTeamId}` },
      },
    ],
    ...extra,
  };
}

export function clinicalImpression(
  id: string,
  patientId: string,
  episodeId: string,
): ClinicalImpression {
  return {
    resourceType: 'ClinicalImpression',
    id,
    meta: profile('ehealth-clinicalimpression'),
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    extension: [episodeLink(episodeId)],
  };
}

export function message(
  id: string,
  patientId: string,
  recipientTeamId: string,
  extra: Partial<Communication> = {},
): Communication {
  return {
    resourceType: 'Communication',
    id,
    meta: profile('ehealth-message'),
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    sender: { reference: `Patient/${patientId}` },
    extension: [
      {
        url: `${SD}ehealth-communication-recipientCareTeam`,
        valueReference: { reference: `CareTeam/${recipientTeamId}` },
      },
      { url: `${SD}ehealth-thread-id`, valueString: `thread-${id}` },
    ],
    payload: [{ contentString: 'Hej' }],
    ...extra,
  };
}

export function annotation(id: string, patientId: string, episodeId: string): Communication {
  return {
    resourceType: 'Communication',
    id,
    meta: profile('ehealth-communication'),
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    extension: [episodeLink(episodeId)],
    payload: [{ contentString: 'Annotation' }],
  };
}

export function appointment(id: string, patientId: string): Appointment {
  return {
    resourceType: 'Appointment',
    id,
    meta: profile('ehealth-videoappointment'),
    status: 'booked',
    start: '2025-03-01T10:00:00Z',
    end: '2025-03-01T10:30:00Z',
    participant: [{ actor: { reference: `Patient/${patientId}` }, status: 'accepted' }],
  };
}
