import type { Resource } from '@medplum/fhirtypes';
import {
  annotation,
  appointment,
  carePlan,
  careTeam,
  clinicalImpression,
  condition,
  episodeOfCare,
  message,
  observation,
  organization,
  patient,
  serviceRequest,
  task,
} from './fut-fixtures.ts';

/**
 * A small connected dataset: one organisation and team, `patients` citizens each
 * with an episode of care, a plan with one activity and `observationsEach`
 * Observations a day apart, plus a Task, ClinicalImpression and message each.
 */
export function smallDataset(patients = 2, observationsEach = 3): Resource[] {
  const out: Resource[] = [
    organization('org-1'),
    careTeam('team-1', 'org-1'),
    careTeam('team-2', 'org-1'),
  ];
  for (let p = 1; p <= patients; p++) {
    const pid = `pat-${p}`;
    const eoc = `eoc-${p}`;
    out.push(patient(pid, `01019${String(p).padStart(5, '0')}`), condition(`cond-${p}`, pid));
    out.push(episodeOfCare(eoc, pid, [p % 2 === 0 ? 'team-2' : 'team-1']));
    out.push(serviceRequest(`sr-${p}`, pid, eoc), carePlan(`cp-${p}`, pid, eoc, [`sr-${p}`]));
    for (let o = 1; o <= observationsEach; o++) {
      const day = String(o).padStart(2, '0');
      out.push(
        observation(`obs-${p}-${o}`, pid, eoc, `2025-02-${day}T08:00:00Z`, {
          basedOn: [{ reference: `ServiceRequest/sr-${p}` }],
        }),
      );
    }
    out.push(task(`task-${p}`, pid, eoc, 'team-1'), clinicalImpression(`ci-${p}`, pid, eoc));
    out.push(
      message(`msg-${p}`, pid, 'team-1'),
      annotation(`ann-${p}`, pid, eoc),
      appointment(`appt-${p}`, pid),
    );
  }
  return out;
}
