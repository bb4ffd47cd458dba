/**
 * Codes of the course of care: diagnoses, episode status, consent, plans,
 * thresholds, PRO significance, appointments (FUT-PROFILES §1.6–1.9, 1.17,
 * 1.18, §4). Copied from the IG's JSON; test/unit/shared/fhir/codes.test.ts
 * checks every constant against it.
 */
import { codesOf } from './coding.ts';
import { CodeSystem, ehealthCodeSystem } from './systems.ts';

/** SKS diagnosis codes of vs/conditions (Condition.code, CareTeam.reasonCode). */
export const Diagnosis = codesOf(CodeSystem.sks, {
  DJ44: ['DJ44', 'Kronisk obstruktiv lungesygdom'],
  DI50: ['DI50', 'Hjertesvigt'],
  DE10: ['DE10', 'Type 1-diabetes'],
  DE11: ['DE11', 'Type 2-diabetes'],
  DI20: ['DI20', 'Angina pectoris'],
  DI25: ['DI25', 'Kronisk iskæmisk hjertesygdom'],
  DG20: ['DG20', 'Parkinsons sygdom'],
  DF00: ['DF00', 'Demens ved Alzheimers sygdom'],
  DZ76: ['DZ76', 'Personer i kontakt med sundhedsvæsenet af andre årsager'],
});
export type DiagnosisKey = keyof typeof Diagnosis;

/** EpisodeOfCare.status (HL7 episode-of-care-status, with the IG's Danish supplement). */
export const EPISODE_OF_CARE_STATUSES = [
  'planned',
  'waitlist',
  'active',
  'onhold',
  'finished',
  'cancelled',
  'entered-in-error',
] as const;
export type EpisodeOfCareStatus = (typeof EPISODE_OF_CARE_STATUSES)[number];
export const EpisodeOfCareStatusCode = codesOf(CodeSystem.episodeOfCareStatus, {
  planned: ['planned', 'Planned', 'Planlagt'],
  waitlist: ['waitlist', 'Waitlist', 'Venteliste'],
  active: ['active', 'Active', 'Aktiv'],
  onhold: ['onhold', 'On Hold', 'Pauseret'],
  finished: ['finished', 'Finished', 'Færdig'],
  cancelled: ['cancelled', 'Cancelled', 'Annulleret'],
  enteredInError: ['entered-in-error', 'Entered in Error', 'Fejlindtastning'],
});

/** `ehealth-participant` function on EpisodeOfCare and CarePlan (vs/participant-function). */
export const ParticipantFunction = codesOf(ehealthCodeSystem('participant-function'), {
  primaryContact: ['Primary Contact', 'Primary contact', 'Primær kontaktperson'],
  secondaryContact: ['Secondary Contact', 'Secondary contact', 'Sekundær kontaktperson'],
  defaultCareTeam: [
    'Default-careteam-for-task-and-communication',
    'Default careteam for task and communication',
    'Standard careteam for opgaver og kommunikation',
  ],
});

/** Consent.category (vs/consent-category). PITEOC gates activation of a forløb. */
export const ConsentCategory = codesOf(ehealthCodeSystem('consent-category'), {
  PITEOC: [
    'PITEOC',
    'Participate in Telemedical EpisodeOfCare',
    'Deltagelse i telemedicinsk forløb',
  ],
});

/** Consent.scope (vs/ehealth-consent-scope includes HL7 consent-scope). */
export const ConsentScope = codesOf(CodeSystem.consentScope, {
  treatment: ['treatment', 'Treatment'],
});

/** Threshold type of `ehealth-referenceRange` and Observation.referenceRange (vs/reference-range-type). */
export const ReferenceRangeType = codesOf(ehealthCodeSystem('reference-range-type'), {
  RELRAL: [
    'RELRAL',
    'Terapeutic relative reference range for RED alarm',
    'Terapeutiske relative grænseværdier for RØD alarm',
  ],
  RELGAL: [
    'RELGAL',
    'Terapeutic relative reference range for YELLOW alarm',
    'Terapeutiske relative grænseværdier for GUL alarm',
  ],
});

/** Triage colour of a questionnaire answer (vs/questionnaire-item-significance-indicator). */
export const AnswerSignificance = codesOf(
  ehealthCodeSystem('questionnaire-item-significance-indicator'),
  {
    green: ['green', 'Green', 'Grøn'],
    yellow: ['yellow', 'Yellow', 'Gul'],
    red: ['red', 'Red', 'Rød'],
  },
);
export type Significance = keyof typeof AnswerSignificance;

/** ServiceRequest `ehealth-sharingPolicy` (vs/measurement-sharing-policies). */
export const SharingPolicy = codesOf(ehealthCodeSystem('measurement-sharing-policies'), {
  nationalHealthData: [
    'sharingAllowedDestinationNationalHealthData',
    'Sharing is allowed destination national health data',
    'Må deles via national deling af sundhedsdata',
  ],
  noSharing: ['noSharing', 'No sharing', 'Må ikke deles via national deling af data'],
});

/** Activity codes of a plan that are not observation codes (vs/activitydefinition-code). */
export const ActivityCode = codesOf(CodeSystem.snomed, {
  questionnaire: ['445988008', 'Assessment using health assessment questionnaire (procedure)'],
});

/** Legal basis (vs/jurisdiction), e.g. on appointments. */
export const Jurisdiction = codesOf(ehealthCodeSystem('jurisdiction'), {
  healthcareAct: ['healthcare-act', 'Danish healthcare act', 'Sundhedsloven'],
  serviceAct: ['service-act', 'Danish service act', 'Serviceloven'],
});

/** PlanDefinition and Questionnaire `ehealth-modifier-role` role (vs/modifier-role). */
export const ModifierRole = codesOf(ehealthCodeSystem('modifier-role'), {
  owner: ['owner', 'Owner', 'Ejer'],
});

/** `ehealth-questionnaire-type` (vs/questionnaire-types). */
export const QuestionnaireType = codesOf(ehealthCodeSystem('questionnaire-types'), {
  QR: ['QR', 'Questionnaire with Rules', 'Spørgeskema med regler'],
});

/** Appointment.appointmentType (vs/appointmenttype-codes). */
export const AppointmentType = codesOf(ehealthCodeSystem('appointmenttype-codes'), {
  CHECKUP: ['CHECKUP', 'A routine check-up, such as an annual physical'],
  FOLLOWUP: ['FOLLOWUP', 'A follow up visit from a previous appointment'],
  ROUTINE: ['ROUTINE', 'Routine appointment - default if not valued'],
});

/** Appointment.serviceType, slice `appointmentType` (vs/appointment-servicetype). */
export const AppointmentServiceType = codesOf(ehealthCodeSystem('appointment-servicetype'), {
  regular: ['regular', 'A regular appointment'],
  video: ['video', 'A video appointment'],
});

/** Appointment.reasonCode (vs/appointment-reason). */
export const AppointmentReason = codesOf(ehealthCodeSystem('appointment-reason'), {
  clinicalReview: ['412776001', 'Clinical review'],
});

/** Security label of a patient with name and address protection (FUT-PROFILES §1.1). */
export const Confidentiality = codesOf(CodeSystem.confidentiality, {
  restricted: ['R', 'restricted'],
});
