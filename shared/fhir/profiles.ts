/**
 * Profile and extension URLs (FUT-PROFILES §0 and §7). Every eHealth
 * StructureDefinition lives at `http://ehealth.sundhed.dk/fhir/StructureDefinition/<id>`.
 */

const SD = 'http://ehealth.sundhed.dk/fhir/StructureDefinition/';

/** `meta.profile` values for the profiles the app reads and writes. */
export const Profile = Object.freeze({
  patient: `${SD}ehealth-patient`,
  organization: `${SD}ehealth-organization`,
  practitioner: `${SD}ehealth-practitioner`,
  practitionerRole: `${SD}ehealth-practitionerrole`,
  careTeam: `${SD}ehealth-careteam`,
  episodeOfCare: `${SD}ehealth-episodeofcare`,
  condition: `${SD}ehealth-condition`,
  carePlan: `${SD}ehealth-careplan`,
  serviceRequest: `${SD}ehealth-servicerequest`,
  planDefinition: `${SD}ehealth-plandefinition`,
  activityDefinition: `${SD}ehealth-activitydefinition`,
  observation: `${SD}ehealth-observation`,
  questionnaire: `${SD}ehealth-questionnaire`,
  questionnaireResponse: `${SD}ehealth-questionnaireresponse`,
  clinicalImpression: `${SD}ehealth-clinicalimpression`,
  task: `${SD}ehealth-task`,
  message: `${SD}ehealth-message`,
  communication: `${SD}ehealth-communication`,
  appointment: `${SD}ehealth-appointment`,
  videoAppointment: `${SD}ehealth-videoappointment`,
  consent: `${SD}ehealth-consent`,
  auditEvent: `${SD}ehealth-auditevent`,
  provenance: `${SD}ehealth-provenance`,
});

export type ProfileKey = keyof typeof Profile;

/** Extension URLs (FUT-PROFILES §7), plus the HL7 and DK-core ones the profiles use. */
export const Ext = Object.freeze({
  // HL7 core
  workflowEpisodeOfCare: 'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare',
  // DK-core (on addresses)
  dkCoreMunicipalityCodes: 'http://hl7.dk/fhir/core/StructureDefinition/dk-core-municipalityCodes',
  dkCoreRegionalSubDivisionCodes:
    'http://hl7.dk/fhir/core/StructureDefinition/dk-core-RegionalSubDivisionCodes',
  // Patient
  nameAndAddressProtection: `${SD}ehealth-nameandaddressprotection`,
  interpreterRequired: `${SD}patient-interpreterRequired`,
  // Organization
  organizationSource: `${SD}ehealth-organization-source`,
  organizationSynchronizationStatus: `${SD}ehealth-organization-synchronizationStatus`,
  organizationMunicipalityCode: `${SD}ehealth-organization-municipalityCode`,
  organizationRegionCode: `${SD}ehealth-organization-regionCode`,
  organizationCvrNumber: `${SD}ehealth-organization-cvrNumber`,
  organizationProviderIdentifier: `${SD}ehealth-organization-providerIdentifier`,
  organizationSpecialty: `${SD}ehealth-organization-specialty`,
  // EpisodeOfCare and CarePlan
  caremanagerOrganization: `${SD}ehealth-episodeofcare-caremanagerOrganization`,
  episodeOfCareStatusSchedule: `${SD}ehealth-episodeofcare-statusschedule`,
  teamHistory: `${SD}ehealth-teamHistory`,
  participant: `${SD}ehealth-participant`,
  // ServiceRequest
  referenceRange: `${SD}ehealth-referenceRange`,
  sharingPolicy: `${SD}ehealth-sharingPolicy`,
  includeAsExtra: `${SD}ehealth-include-as-extra`,
  // Observation and QuestionnaireResponse
  quality: `${SD}ehealth-quality`,
  resolvedTiming: `${SD}ehealth-resolved-timing`,
  effectivePeriod: `${SD}ehealth-effectivePeriod`,
  // Questionnaire
  modifierRole: `${SD}ehealth-modifier-role`,
  questionnaireType: `${SD}ehealth-questionnaire-type`,
  answerSignificance: `${SD}ehealth-questionnaire-answerSignificance`,
  answerCondition: `${SD}ehealth-answer-Condition`,
  // ClinicalImpression
  clinicalImpressionCarePlan: `${SD}ehealth-clinicalimpression-careplan`,
  clinicalImpressionDecision: `${SD}ehealth-clinicalimpression-decision`,
  findingBasis: `${SD}ehealth-questionnaireresponse-finding-basis`,
  // Task
  taskEpisodeOfCare: `${SD}ehealth-task-episodeOfCare`,
  taskCategory: `${SD}ehealth-task-category`,
  taskResponsible: `${SD}ehealth-task-responsible`,
  restrictionCategory: `${SD}ehealth-restriction-category`,
  referenceCarePlan: `${SD}ehealth-reference-careplan`,
  // Communication (ehealth-message)
  recipientCareTeam: `${SD}ehealth-communication-recipientCareTeam`,
  senderCareTeam: `${SD}ehealth-communication-senderCareTeam`,
  threadId: `${SD}ehealth-thread-id`,
  administrativeStatus: `${SD}ehealth-administrative-status`,
  title: `${SD}ehealth-title`,
  messagePriority: `${SD}ehealth-priority`,
  // Appointment
  responsible: `${SD}ehealth-responsible`,
  legalBasis: `${SD}ehealth-legalBasis`,
  responsibleOrganization: `${SD}ehealth-responsible-organization`,
  performingOrganization: `${SD}ehealth-performing-organization`,
  careTeamParticipant: `${SD}ehealth-ext-careteam`,
  endMeetingOnEndTime: `${SD}ehealth-end-meeting-on-end-time`,
  maxParticipants: `${SD}ehealth-max-participants`,
  meetingUrl: `${SD}ehealth-meeting-url`,
  vmrUri: `${SD}ehealth-vmr-uri`,
  guestPinCode: `${SD}ehealth-guest-pin-code`,
  hostPinCode: `${SD}ehealth-host-pin-code`,
  // Consent
  consentAffiliation: `${SD}ehealth-consent-affiliation`,
});

/**
 * Extension URLs FUT itself writes in two spellings (FUT-PROFILES §1.1 note:
 * a recorded response carries the HL7 interpreter extension). Read both.
 */
export const EXTENSION_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  'http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired': Ext.interpreterRequired,
});
