/**
 * The four telemedicine programmes: who is in them, who manages the forløb,
 * what the plan asks the citizen to measure and answer and how often, and
 * how often the condition flares (KOL exacerbation, heart-failure
 * decompensation, pre-eclampsia).
 */
import type { DiagnosisKey } from '../../../shared/fhir/codes-care.ts';
import type { ProgrammeKey } from './health-services.ts';
import type { MeasureKey } from './measure-model.ts';
import type { QuestionnaireKey } from './questionnaires.ts';

export type ManagerSector = 'hospital' | 'municipality' | 'general-practice';

/** Weekdays 0 = Monday … 6 = Sunday, or every n days from the plan's start. */
export type Schedule = { readonly weekdays: readonly number[] } | { readonly everyDays: number };

export interface MeasureActivity {
  readonly measure: MeasureKey;
  readonly schedule: Schedule;
}

export interface ProActivity {
  readonly questionnaire: QuestionnaireKey;
  readonly everyDays: number;
  /** Share of plans that include it. */
  readonly share: number;
}

export interface EventPattern {
  /** Expected events per 90 days. */
  readonly ratePer90Days: number;
  readonly riseDays: readonly [number, number];
  /** Days back to baseline; Infinity for a condition that does not resolve (pre-eclampsia). */
  readonly fallDays: readonly [number, number];
}

export interface ProgrammeDef {
  readonly key: ProgrammeKey;
  readonly diagnosis: DiagnosisKey;
  /** Condition.code.text when the code is wider than the condition (pregnancy: DZ76). */
  readonly conditionText?: string;
  readonly planTitle: string;
  readonly planName: string;
  readonly ages: readonly [number, number];
  readonly femaleShare: number;
  readonly manager: readonly (readonly [ManagerSector, number])[];
  readonly measures: readonly MeasureActivity[];
  readonly pro: readonly ProActivity[];
  readonly events: EventPattern;
  /** Share of forløb that include the home-nursing team. */
  readonly municipalShare: number;
  /** Share that include the GP's team. */
  readonly gpShare: number;
  /** How long a finished forløb lasted, in days. */
  readonly duration: readonly [number, number];
}

export const PROGRAMME_DEFS: Readonly<Record<ProgrammeKey, ProgrammeDef>> = {
  copd: {
    key: 'copd',
    diagnosis: 'DJ44',
    planTitle: 'Telemedicinsk forløb for KOL',
    planName: 'kol-telemonitorering',
    ages: [52, 89],
    femaleShare: 0.52,
    manager: [
      ['municipality', 0.6],
      ['hospital', 0.4],
    ],
    measures: [
      { measure: 'spo2', schedule: { weekdays: [0, 3] } },
      { measure: 'pulse', schedule: { weekdays: [0, 3] } },
      { measure: 'weight', schedule: { weekdays: [0] } },
      { measure: 'fev1', schedule: { weekdays: [0] } },
      { measure: 'cat', schedule: { everyDays: 14 } },
    ],
    pro: [
      { questionnaire: 'mrc', everyDays: 28, share: 1 },
      { questionnaire: 'who5', everyDays: 28, share: 0.4 },
    ],
    events: { ratePer90Days: 0.9, riseDays: [2, 5], fallDays: [7, 14] },
    municipalShare: 1,
    gpShare: 1,
    duration: [180, 720],
  },
  'heart-failure': {
    key: 'heart-failure',
    diagnosis: 'DI50',
    planTitle: 'Telemedicinsk forløb for hjertesvigt',
    planName: 'hjertesvigt-telemonitorering',
    ages: [55, 92],
    femaleShare: 0.4,
    manager: [
      ['hospital', 0.85],
      ['municipality', 0.15],
    ],
    measures: [
      { measure: 'weight', schedule: { everyDays: 1 } },
      { measure: 'bp', schedule: { weekdays: [0, 3] } },
      { measure: 'pulse', schedule: { weekdays: [0, 3] } },
    ],
    pro: [{ questionnaire: 'who5', everyDays: 28, share: 0.8 }],
    events: { ratePer90Days: 0.7, riseDays: [3, 7], fallDays: [4, 9] },
    municipalShare: 1,
    gpShare: 1,
    duration: [90, 540],
  },
  diabetes: {
    key: 'diabetes',
    diagnosis: 'DE11',
    planTitle: 'Telemedicinsk forløb for type 2-diabetes',
    planName: 'type2-diabetes-opfoelgning',
    ages: [38, 86],
    femaleShare: 0.45,
    manager: [
      ['general-practice', 0.55],
      ['municipality', 0.25],
      ['hospital', 0.2],
    ],
    measures: [
      { measure: 'weight', schedule: { weekdays: [0] } },
      { measure: 'bp', schedule: { weekdays: [0] } },
      { measure: 'steps', schedule: { weekdays: [6] } },
    ],
    pro: [
      { questionnaire: 'who5', everyDays: 28, share: 0.9 },
      { questionnaire: 'phq9', everyDays: 91, share: 0.4 },
    ],
    events: { ratePer90Days: 0, riseDays: [1, 1], fallDays: [1, 1] },
    municipalShare: 0.7,
    gpShare: 1,
    duration: [180, 720],
  },
  pregnancy: {
    key: 'pregnancy',
    diagnosis: 'DZ76',
    conditionText: 'Graviditet med risiko for præeklampsi',
    planTitle: 'Telemedicinsk forløb for gravide med forhøjet risiko',
    planName: 'graviditet-hjemmemonitorering',
    ages: [20, 42],
    femaleShare: 1,
    manager: [['hospital', 1]],
    measures: [
      { measure: 'bp', schedule: { weekdays: [0, 2, 4] } },
      { measure: 'weight', schedule: { weekdays: [0] } },
    ],
    pro: [
      { questionnaire: 'gad7', everyDays: 28, share: 0.7 },
      { questionnaire: 'phq9', everyDays: 28, share: 0.7 },
    ],
    events: { ratePer90Days: 0.35, riseDays: [10, 25], fallDays: [Infinity, Infinity] },
    municipalShare: 0,
    gpShare: 0.5,
    duration: [110, 170],
  },
};

/** Whether a schedule asks for a measurement on a day (days from the plan's start, and weekday). */
export function isScheduled(schedule: Schedule, dayFromStart: number, weekday: number): boolean {
  if ('weekdays' in schedule) return schedule.weekdays.includes(weekday);
  return dayFromStart >= 0 && dayFromStart % schedule.everyDays === 0;
}
