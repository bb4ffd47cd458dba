/**
 * Worklist, triage and messaging codes (FUT-PROFILES §4.3–4.6, 4.10, 4.13, 4.15),
 * copied from the IG's CodeSystem JSON. Test: test/unit/shared/fhir/codes.test.ts.
 */
import { codesOf } from './coding.ts';
import { ehealthCodeSystem } from './systems.ts';

/** Task category (vs/task-category). The `ehealth-task-category` extension. */
export const TaskCategory = codesOf(ehealthCodeSystem('task-category'), {
  MissingMeasurementResolving: [
    'MissingMeasurementResolving',
    'Need resolving of why scheduled measurement has not been submitted',
    'Undersøg hvorfor der ikke er indsendt Måledata (måling og/eller spørgeskemabesvarelse).',
  ],
  UnexpectedMeasurementResolving: [
    'UnexpectedMeasurementResolving',
    'Need resolving of why unexpected measurement was submitted',
    'Undersøg hvorfor der uventet er indsendt Måledata (måling og/eller spørgeskemabesvarelse).',
  ],
  MeasurementForAssessment: [
    'MeasurementForAssessment',
    'Need assessment of measurement',
    'Måledata (måling og/eller spørgeskemabesvarelse) er modtaget og klar til vurdering',
  ],
  MeasurementForAssessmentNotTriaged: [
    'MeasurementForAssessmentNotTriaged',
    'Need assessment of measurement where triage was not performed during automated processing',
    'Indsendte måledata (måling og/eller spørgeskemabesvarelse) er ikke vurderet af systemet. Du skal selv vurdere måledata.',
  ],
  MeasurementForAssessmentAbsentValue: [
    'MeasurementForAssessmentAbsentValue',
    'Need assessment of measurement with absent value',
    'Indsendte måledata (måling) har fravær af målt værdi.',
  ],
  RefRangeNeeded: [
    'RefRangeNeeded',
    'Missing reference range required for automated processing',
    'Opsætning af grænseværdi mangler, hvilket er nødvendig for at systemet kan foretage vurdering',
  ],
  HandoverNegotiation: [
    'HandoverNegotiation',
    'Need negotiation for handover of CarePlans between CareTeams',
    'Forhandlingsprocess for overdragelse af plan(er) mellem behandlerteams',
  ],
});
export type TaskCategoryKey = keyof typeof TaskCategory;

/** Task and message priority (vs/priority); FHIR request-priority codes. */
export const TASK_PRIORITIES = ['routine', 'urgent', 'asap', 'stat'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const Priority = codesOf(ehealthCodeSystem('priority'), {
  routine: ['routine', 'Routine'],
  urgent: ['urgent', 'Urgent'],
  asap: ['asap', 'ASAP'],
  stat: ['stat', 'STAT'],
});

/** Restriction category (vs/restriction-category), on Task and Communication. */
export const RestrictionCategory = codesOf(ehealthCodeSystem('restriction-category'), {
  None: ['None', 'None'],
  measurementMonitoring: ['measurement-monitoring', 'Monitoring of measurement(s)'],
  measuringSupport: ['measuring-support', 'Support of measurement(s)'],
});

/** Message category (vs/message-category), the `DkTmCategory` slice of Communication.category. */
export const MessageCategory = codesOf(ehealthCodeSystem('message-category'), {
  message: ['message', 'Message', 'Besked'],
  notification: ['notification', 'Notification', 'Notifikation'],
  advice: ['advice', 'Advice', 'Advisering'],
  note: ['note', 'Note', 'Note'],
});

/** Administrative (read) status of a message (vs/administrative-status); `activate` is unread. */
export const AdministrativeStatus = codesOf(ehealthCodeSystem('administrative-status'), {
  activate: ['activate', 'Activate', 'Ikke læst'],
  read: ['read', 'Read', 'Læst'],
  reactivate: ['reactivate', 'Reactivate', 'Genåbnet'],
  complete: ['complete', 'Complete', 'Færdigbehandlet'],
});

/** ClinicalImpression.code (vs/clinicalimpression-codes). */
export const ClinicalImpressionCode = codesOf(ehealthCodeSystem('clinicalimpression-codes'), {
  TriagingResult: ['TriagingResult', 'Result of triaging', 'Triageringsresultat'],
  MeasurementAssessment: [
    'MeasurementAssessment',
    'Assessment of measurement',
    'Vurdering af måling',
  ],
  MeasurementTypeUnexpected: [
    'MeasurementTypeUnexpected',
    'Measurement of unexpected type',
    'Uventet måling',
  ],
  MeasurementTimingUnexpected: [
    'MeasurementTimingUnexpected',
    'Measurement not expected',
    'Måling ikke forventet på tidspunktet',
  ],
});

/** ClinicalImpression findings (cs/clinicalimpression-finding-codes). */
export const ClinicalImpressionFinding = codesOf(
  ehealthCodeSystem('clinicalimpression-finding-codes'),
  {
    red: ['red', 'Red overall assessment', 'Samlet vurdering er rød'],
    yellow: ['yellow', 'Yellow overall assessment', 'Samlet vurdering er gul'],
    green: ['green', 'Green overall assessment', 'Samlet vurdering er grøn'],
    redQuestionAnswer: [
      'red-question-answer',
      'red question and answer combination',
      'Rød spørgsmål/svar-kombination fundet i spørgeskemabesvarelse',
    ],
    yellowQuestionAnswer: [
      'yellow-question-answer',
      'yellow question and answer combination',
      'Gul spørgsmål/svar-kombination fundet i spørgeskemabesvarelse',
    ],
    greenQuestionAnswer: [
      'green-question-answer',
      'green question and answer combination',
      'Grøn spørgsmål/svar-kombination fundet i spørgeskemabesvarelse.',
    ],
  },
);

/** The clinician's decision (`ehealth-clinicalimpression-decision`). */
export const ClinicalImpressionDecision = codesOf(
  ehealthCodeSystem('clinicalimpression-decision-codes'),
  {
    approved: ['approved', 'Approved', 'Godkendt'],
    approvedForSharing: [
      'approved-for-sharing',
      'Approved for sharing',
      'Godkendt til dokumentdeling',
    ],
  },
);

/** `ehealth-resolved-timing` type (vs/resolved-timing-type). */
export const ResolvedTimingType = codesOf(ehealthCodeSystem('resolved-timing-type'), {
  Resolved: ['Resolved', 'Resolved', 'Opløst måleregimetid'],
  Unresolved: ['Unresolved', 'Unresolved', 'Ej opløst måleregimetid'],
  Adhoc: ['Adhoc', 'Adhoc', 'Adhoc'],
  Extra: ['Extra', 'Extra', 'Ekstra'],
});

/** `ehealth-quality` qualityType (vs/quality-types). */
export const QualityType = codesOf(ehealthCodeSystem('quality-types'), {
  SQ: ['SQ', 'Situation Quality'],
  DMQ: ['DMQ', 'Device Measuring Quality'],
  UQ: ['UQ', 'Usage Quality'],
});

/** Usage quality codes (vs/usage-quality), used with qualityType UQ. */
export const UsageQuality = codesOf(ehealthCodeSystem('usage-quality'), {
  automaticallyTransferred: [
    'automatically-transferred',
    'Automatically transferred measurement',
    'Automatisk overført måling',
  ],
  enteredManually: ['entered-manually', 'Manually entered measurement', 'Manuelt indtastet måling'],
});

/** Situation quality codes (vs/situation-quality), used with qualityType SQ. */
export const SituationQuality = codesOf(ehealthCodeSystem('situation-quality'), {
  sitting: ['sitting', 'Performed sitting', 'Udført siddende'],
  fingerNotCold: ['finger-not-cold', 'Finger is not cold', 'Finger ej kold'],
});
