/**
 * PRO answers (ehealth-questionnaireresponse): each questionnaire of the plan
 * answered in its slot (every n days, a three-day window), or not. Answers
 * follow the citizen's mood and the condition's flare-ups; the score and
 * its triage colour come from the questionnaire's answer-significance rules.
 */
import type { QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { toCodeableConcept } from '../../../shared/fhir/coding.ts';
import type { Significance } from '../../../shared/fhir/codes-care.ts';
import { ResolvedTimingType } from '../../../shared/fhir/codes-workflow.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import { IdentifierSystem } from '../../../shared/fhir/systems.ts';
import { answerCodeSystem } from './canonical.ts';
import type { Episode } from './episodes.ts';
import type { FlareUp } from './flare-ups.ts';
import { flareLevel } from './flare-ups.ts';
import type { Submission } from './observations.ts';
import type { ProPlan } from './plans.ts';
import type { QuestionnaireDef, SignificanceRule } from './questionnaires.ts';
import { QUESTIONNAIRE_VERSION, QUESTIONNAIRES, ruleMatches } from './questionnaires.ts';
import { questionnaireUrl } from './canonical.ts';
import type { Rng } from './random.ts';
import type { Sink } from './sink.ts';
import { refTo } from './sink.ts';
import type { DataCalendar } from './time.ts';
import { MINUTE_MS, isoInstant } from './time.ts';

const ANSWER_SHARE = 0.85;
const SEVERITY: Readonly<Record<Significance, number>> = { green: 0, yellow: 1, red: 2 };

/** Which rule fired for the score and for each item, and the resulting colour. */
export interface ScoredAnswer {
  readonly score: number;
  readonly answers: readonly number[];
  readonly colour: Significance;
  /** linkId, value and the rule that gave the colour; the basis of the triage finding. */
  readonly basis: readonly { linkId: string; value: number; rule: SignificanceRule }[];
}

export function scoreAnswers(def: QuestionnaireDef, answers: readonly number[]): ScoredAnswer {
  const score = answers.reduce((sum, value) => sum + value, 0) * def.scoreFactor;
  const basis: { linkId: string; value: number; rule: SignificanceRule }[] = [];
  const scoreRule = def.scoreRules.find((rule) => ruleMatches(rule, score));
  if (scoreRule) basis.push({ linkId: 'score', value: score, rule: scoreRule });
  answers.forEach((value, index) => {
    const rule = def.itemRules?.[index + 1]?.find((r) => ruleMatches(r, value));
    if (rule) basis.push({ linkId: `q${index + 1}`, value, rule });
  });
  let colour: Significance = 'green';
  for (const { rule } of basis)
    if (SEVERITY[rule.significance] > SEVERITY[colour]) colour = rule.significance;
  return { score, answers, colour, basis };
}

function answer(rng: Rng, def: QuestionnaireDef, distress: number): number[] {
  const values = def.options.map(([value]) => value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return def.items.map((_text, index) => {
    // Items with their own red rule (PHQ-9 item 9, thoughts of self-harm) are answered high rarely.
    const damp = def.itemRules?.[index + 1] ? 0.3 : 1;
    const target = def.positive ? (1 - distress) * max : min + distress * damp * (max - min);
    return Math.max(min, Math.min(max, Math.round(rng.normal(target, 0.7))));
  });
}

export interface ProHabits {
  /** 0 = thriving, 1 = very distressed. */
  readonly mood: number;
  readonly flares: readonly FlareUp[];
}

/** Adds the responses for one questionnaire activity; returns them for triage. */
export function addResponses(
  sink: Sink,
  rng: Rng,
  calendar: DataCalendar,
  episode: Episode,
  plan: ProPlan,
  habits: ProHabits,
  fromDay: number,
): (Submission & { scored: ScoredAnswer })[] {
  const def = QUESTIONNAIRES[plan.questionnaire];
  const out: (Submission & { scored: ScoredAnswer })[] = [];
  const lastDay = Math.min(episode.monitoredUntilDay, 0);
  for (let day = fromDay; day <= lastDay; day++) {
    if ((day - episode.startDay) % plan.everyDays !== 0) continue;
    const slot = { start: calendar.dayWindow(day).start, end: calendar.dayWindow(day + 2).end };
    const authored = calendar.at(day + rng.int(0, 2), rng.int(9, 20), rng.int(0, 59));
    const inPlan =
      authored >= plan.start && authored < (plan.end ?? Infinity) && authored <= calendar.now;
    if (!inPlan || !rng.chance(ANSWER_SHARE)) continue;
    const distress = Math.min(1, habits.mood + 0.35 * flareLevel(habits.flares, day));
    const scored = scoreAnswers(def, answer(rng, def, distress));
    const system = answerCodeSystem(def.key);
    const items: QuestionnaireResponseItem[] = scored.answers.map((value, index) => ({
      linkId: `q${index + 1}`,
      text: def.items[index] ?? '',
      answer: [
        {
          valueCoding: {
            system,
            code: String(value),
            display: def.options.find(([v]) => v === value)?.[1] ?? '',
          },
        },
      ],
    }));
    items.push({ linkId: 'score', text: 'Samlet score', answer: [{ valueInteger: scored.score }] });
    const started = authored - rng.int(2, 9) * MINUTE_MS;
    const response: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      id: sink.id('qr'),
      meta: { profile: [Profile.questionnaireResponse] },
      extension: [
        { url: Ext.workflowEpisodeOfCare, valueReference: refTo('EpisodeOfCare', episode.id) },
        {
          url: Ext.resolvedTiming,
          extension: [
            { url: 'serviceRequestVersionId', valueId: '1' },
            { url: 'start', valueDateTime: isoInstant(slot.start) },
            { url: 'end', valueDateTime: isoInstant(slot.end) },
            { url: 'type', valueCodeableConcept: toCodeableConcept(ResolvedTimingType.Resolved) },
          ],
        },
        {
          url: Ext.effectivePeriod,
          valuePeriod: { start: isoInstant(started), end: isoInstant(authored) },
        },
      ],
      identifier: { system: IdentifierSystem.uri, value: `urn:uuid:${rng.uuid()}` },
      basedOn: [refTo('ServiceRequest', plan.requestId)],
      questionnaire: `${questionnaireUrl(def.key)}|${QUESTIONNAIRE_VERSION}`,
      status: 'completed',
      subject: refTo('Patient', episode.citizen.patientId),
      authored: isoInstant(authored),
      author: refTo('Patient', episode.citizen.patientId),
      source: refTo('Patient', episode.citizen.patientId),
      item: items,
    };
    sink.add(response);
    out.push({
      resourceType: 'QuestionnaireResponse',
      id: response.id ?? '',
      effective: authored,
      issued: authored,
      colour: scored.colour,
      timing: 'Resolved',
      requestId: plan.requestId,
      scored,
    });
  }
  return out;
}
