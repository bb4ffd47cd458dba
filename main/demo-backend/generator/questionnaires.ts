/**
 * The PRO questionnaires (ehealth-questionnaire): WHO-5, PHQ-9, GAD-7 and
 * the MRC dyspnoea scale, in Danish. Each has a read-only total-score item
 * whose `ehealth-questionnaire-answerSignificance` gives the triage colour
 * (FUT-PROFILES §1.12); PHQ-9's item 9 is red on any answer but "Slet ikke".
 */
import type { Extension, Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import { toCodeableConcept, toCoding } from '../../../shared/fhir/coding.ts';
import type { Significance } from '../../../shared/fhir/codes-care.ts';
import {
  AnswerSignificance,
  Jurisdiction,
  ModifierRole,
  QuestionnaireType,
} from '../../../shared/fhir/codes-care.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import { answerCodeSystem, questionnaireUrl } from './canonical.ts';
import type { Sink } from './sink.ts';
import { refTo } from './sink.ts';

export type QuestionnaireKey = 'who5' | 'phq9' | 'gad7' | 'mrc';

type Operator = '<' | '<=' | '>' | '>=' | '=';
/** One colour: the score matches when every condition holds. */
export interface SignificanceRule {
  readonly significance: Significance;
  readonly when: readonly (readonly [Operator, number])[];
}

export interface QuestionnaireDef {
  readonly key: QuestionnaireKey;
  readonly name: string;
  readonly title: string;
  readonly intro: string;
  readonly options: readonly (readonly [value: number, text: string])[];
  readonly items: readonly string[];
  /** Multiplier from the item sum to the reported score (WHO-5 is reported 0–100). */
  readonly scoreFactor: number;
  readonly scoreRules: readonly SignificanceRule[];
  /** Item-level rules by 1-based item number (PHQ-9 item 9). */
  readonly itemRules?: Readonly<Record<number, readonly SignificanceRule[]>>;
  /** True when a high answer means the citizen is doing well (WHO-5). */
  readonly positive: boolean;
}

const FREQUENCY = [
  [0, 'Slet ikke'],
  [1, 'Flere dage'],
  [2, 'Mere end halvdelen af dagene'],
  [3, 'Næsten hver dag'],
] as const;

export const QUESTIONNAIRES: Readonly<Record<QuestionnaireKey, QuestionnaireDef>> = {
  who5: {
    key: 'who5',
    name: 'WHO5',
    title: 'WHO-5 Trivselsindeks',
    intro:
      'Angiv for hvert af de fem udsagn, hvad der er tættest på, hvordan du har følt dig i de sidste 2 uger.',
    options: [
      [5, 'Hele tiden'],
      [4, 'Det meste af tiden'],
      [3, 'Lidt mere end halvdelen af tiden'],
      [2, 'Lidt mindre end halvdelen af tiden'],
      [1, 'Lidt af tiden'],
      [0, 'På intet tidspunkt'],
    ],
    items: [
      'I de sidste 2 uger har jeg været glad og i godt humør',
      'I de sidste 2 uger har jeg følt mig rolig og afslappet',
      'I de sidste 2 uger har jeg følt mig aktiv og energisk',
      'I de sidste 2 uger er jeg vågnet frisk og udhvilet',
      'I de sidste 2 uger har min dagligdag været fyldt med ting, der interesserer mig',
    ],
    scoreFactor: 4,
    scoreRules: [
      { significance: 'red', when: [['<=', 28]] },
      {
        significance: 'yellow',
        when: [
          ['>', 28],
          ['<=', 50],
        ],
      },
      { significance: 'green', when: [['>', 50]] },
    ],
    positive: true,
  },
  phq9: {
    key: 'phq9',
    name: 'PHQ9',
    title: 'PHQ-9 Depressionsscreening',
    intro: 'Hvor ofte har du i løbet af de sidste 2 uger været generet af følgende problemer?',
    options: FREQUENCY,
    items: [
      'Lille interesse for eller glæde ved at gøre ting',
      'Følt dig nedtrykt, deprimeret eller håbløs',
      'Besvær med at falde i søvn, sove igennem eller sovet for meget',
      'Følt dig træt eller haft for lidt energi',
      'Dårlig appetit eller spist for meget',
      'Dårlig selvfølelse, eller følt at du er en fiasko eller har svigtet dig selv eller din familie',
      'Besvær med at koncentrere dig, fx om at læse avis eller se fjernsyn',
      'Bevæget dig eller talt så langsomt, at andre har kunnet bemærke det, eller det modsatte: været så urolig, at du har bevæget dig meget mere end normalt',
      'Tanker om, at det ville være bedre, hvis du var død, eller om at gøre skade på dig selv',
    ],
    scoreFactor: 1,
    scoreRules: [
      { significance: 'green', when: [['<', 10]] },
      {
        significance: 'yellow',
        when: [
          ['>=', 10],
          ['<', 15],
        ],
      },
      { significance: 'red', when: [['>=', 15]] },
    ],
    itemRules: { 9: [{ significance: 'red', when: [['>=', 1]] }] },
    positive: false,
  },
  gad7: {
    key: 'gad7',
    name: 'GAD7',
    title: 'GAD-7 Angstscreening',
    intro: 'Hvor ofte har du i løbet af de sidste 2 uger været generet af følgende problemer?',
    options: FREQUENCY,
    items: [
      'Følt dig nervøs, ængstelig eller anspændt',
      'Ikke været i stand til at stoppe eller kontrollere bekymringer',
      'Bekymret dig for meget om forskellige ting',
      'Haft svært ved at slappe af',
      'Været så rastløs, at det var svært at sidde stille',
      'Været let irriteret eller hurtigt blevet vred',
      'Følt dig bange, som om noget frygteligt kunne ske',
    ],
    scoreFactor: 1,
    scoreRules: [
      { significance: 'green', when: [['<', 10]] },
      {
        significance: 'yellow',
        when: [
          ['>=', 10],
          ['<', 15],
        ],
      },
      { significance: 'red', when: [['>=', 15]] },
    ],
    positive: false,
  },
  mrc: {
    key: 'mrc',
    name: 'MRC',
    title: 'MRC-åndenødsskala',
    intro: 'Hvilket udsagn passer bedst på din åndenød i dag?',
    options: [
      [1, 'Jeg får kun åndenød ved hård fysisk anstrengelse'],
      [2, 'Jeg får åndenød, når jeg skynder mig eller går op ad en lille bakke'],
      [
        3,
        'Jeg går langsommere end jævnaldrende på grund af åndenød, eller må stoppe for at få vejret, når jeg går i mit eget tempo',
      ],
      [4, 'Jeg må stoppe for at få vejret efter ca. 100 meter eller efter få minutters gang'],
      [
        5,
        'Jeg har for meget åndenød til at forlade hjemmet, eller får åndenød ved af- og påklædning',
      ],
    ],
    items: ['Hvor meget åndenød har du?'],
    scoreFactor: 1,
    scoreRules: [
      { significance: 'green', when: [['<=', 2]] },
      {
        significance: 'yellow',
        when: [
          ['>=', 3],
          ['<=', 4],
        ],
      },
      { significance: 'red', when: [['>=', 5]] },
    ],
    positive: false,
  },
};

export const questionnaireId = (key: QuestionnaireKey): string => `questionnaire-${key}`;
export const QUESTIONNAIRE_VERSION = '1.0';

/** The `ehealth-questionnaire-answerSignificance` extension for a rule. */
export function significanceExtension(rule: SignificanceRule): Extension {
  return {
    url: Ext.answerSignificance,
    extension: [
      ...rule.when.map(([operator, value]) => ({
        url: Ext.answerCondition,
        extension: [
          { url: 'value', valueInteger: value },
          { url: 'operator', valueCode: operator },
        ],
      })),
      { url: 'significance', valueCoding: toCoding(AnswerSignificance[rule.significance]) },
    ],
  };
}

/** Whether a score meets every condition of a rule. */
export function ruleMatches(rule: SignificanceRule, score: number): boolean {
  return rule.when.every(([op, value]) =>
    op === '<'
      ? score < value
      : op === '<='
        ? score <= value
        : op === '>'
          ? score > value
          : op === '>='
            ? score >= value
            : score === value,
  );
}

function buildQuestionnaire(def: QuestionnaireDef, ownerId: string): Questionnaire {
  const system = answerCodeSystem(def.key);
  const items: QuestionnaireItem[] = [{ linkId: 'intro', type: 'display', text: def.intro }];
  def.items.forEach((text, index) => {
    const rules = def.itemRules?.[index + 1];
    items.push({
      linkId: `q${index + 1}`,
      type: 'choice',
      text,
      required: true,
      answerOption: def.options.map(([value, display]) => ({
        valueCoding: { system, code: String(value), display },
      })),
      ...(rules ? { extension: rules.map(significanceExtension) } : {}),
    });
  });
  items.push({
    linkId: 'score',
    type: 'integer',
    text: 'Samlet score',
    readOnly: true,
    extension: def.scoreRules.map(significanceExtension),
  });
  return {
    resourceType: 'Questionnaire',
    id: questionnaireId(def.key),
    meta: { profile: [Profile.questionnaire] },
    extension: [
      {
        url: Ext.modifierRole,
        extension: [
          { url: 'reference', valueReference: refTo('Organization', ownerId) },
          { url: 'role', valueCoding: toCoding(ModifierRole.owner) },
        ],
      },
      { url: Ext.questionnaireType, valueCodeableConcept: toCodeableConcept(QuestionnaireType.QR) },
    ],
    url: questionnaireUrl(def.key),
    version: QUESTIONNAIRE_VERSION,
    name: def.name,
    title: def.title,
    status: 'active',
    publisher: 'Region Nordjylland',
    jurisdiction: [toCodeableConcept(Jurisdiction.healthcareAct)],
    item: items,
  };
}

/** Adds the four questionnaires, owned by the region. */
export function addQuestionnaires(sink: Sink, ownerId: string): void {
  for (const def of Object.values(QUESTIONNAIRES)) sink.add(buildQuestionnaire(def, ownerId));
}
