import type { Resource } from '@medplum/fhirtypes';
import {
  appointment,
  carePlan,
  careTeam,
  clinicalImpression,
  episodeOfCare,
  message,
  observation,
  organization,
  patient,
  questionnaireResponse,
  serviceRequest,
  task,
} from '../support/fut-fixtures.ts';

/**
 * A deterministic FUT-shaped dataset for load figures (not realistic clinically):
 * 2,000 citizens each with an episode of care; 100 "heavy" episodes with 1,200
 * Observations, the rest with 16; Tasks, ClinicalImpressions,
 * QuestionnaireResponses, messages, Appointments and CarePlans spread over a
 * year of `lastUpdated`; one team ("team-big") on 1,200 episodes. `factor`
 * scales the counts.
 */
export interface SyntheticDataset {
  readonly resources: Resource[];
  readonly heavyEpisodes: readonly string[];
  readonly patientIds: readonly string[];
  /** A `_lastUpdated` checkpoint with a few thousand later resources of each type. */
  readonly checkpoint: string;
  readonly serviceOf: Readonly<Record<string, string>>;
}

const YEAR_START = Date.parse('2025-01-01T00:00:00Z');
const YEAR = 365 * 86_400_000;

export function syntheticDataset(factor = 1): SyntheticDataset {
  const resources: Resource[] = [organization('org-1')];
  const stamp = (resource: Resource, i: number, of: number): Resource => ({
    ...resource,
    meta: {
      ...resource.meta,
      lastUpdated: new Date(YEAR_START + Math.floor((i / of) * YEAR)).toISOString(),
    },
  });
  for (let t = 0; t < 50; t++) resources.push(careTeam(`team-${t}`, 'org-1'));
  resources.push(careTeam('team-big', 'org-1'));
  const citizens = Math.round(2000 * factor);
  const patientIds: string[] = [];
  const heavyEpisodes: string[] = [];
  let observations = 0;
  for (let p = 0; p < citizens; p++) {
    const pid = `p-${p}`;
    const eoc = `eoc-${p}`;
    patientIds.push(pid);
    resources.push(patient(pid, `0101${String(p).padStart(6, '0')}`));
    resources.push(episodeOfCare(eoc, pid, [p < 1200 * factor ? 'team-big' : `team-${p % 50}`]));
    resources.push(serviceRequest(`sr-${p}`, pid, eoc));
    resources.push(stamp(carePlan(`cp-${p}`, pid, eoc, [`sr-${p}`]), p, citizens));
    const heavy = p % 20 === 0;
    if (heavy) heavyEpisodes.push(eoc);
    const count = heavy ? 1200 : 16;
    for (let o = 0; o < count; o++) {
      const effective = new Date(YEAR_START + Math.floor((o / count) * YEAR)).toISOString();
      resources.push(
        observation(`o-${observations}`, pid, eoc, effective, {
          identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:obs-${observations}` }],
          basedOn: [{ reference: `ServiceRequest/sr-${p}` }],
        }),
      );
      observations++;
    }
    for (let k = 0; k < 8; k++) {
      const n = p * 8 + k;
      const of = citizens * 8;
      resources.push(
        stamp(task(`t-${n}`, pid, eoc, p < 1200 * factor ? 'team-big' : `team-${p % 50}`), n, of),
      );
      if (k < 5) resources.push(stamp(clinicalImpression(`ci-${n}`, pid, eoc), n, of));
      if (k < 5)
        resources.push(
          stamp(
            questionnaireResponse(
              `qr-${n}`,
              pid,
              eoc,
              new Date(YEAR_START + k * 86_400_000).toISOString(),
            ),
            n,
            of,
          ),
        );
      if (k < 4) resources.push(stamp(message(`m-${n}`, pid, `team-${p % 50}`), n, of));
      if (k < 2) resources.push(stamp(appointment(`a-${n}`, pid), n, of));
    }
  }
  return {
    resources,
    heavyEpisodes,
    patientIds,
    checkpoint: new Date(YEAR_START + YEAR * 0.5).toISOString(),
    serviceOf: {
      Task: 'task',
      ClinicalImpression: 'task',
      QuestionnaireResponse: 'measurement',
      Appointment: 'patient',
      CarePlan: 'careplan',
      Communication: 'patient',
    },
  };
}
