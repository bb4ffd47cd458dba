import type { EpisodeOfCare, Patient, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  caseloadRows,
  type CaseloadResources,
} from '../../../../../renderer/data/model/caseload.ts';

const TODAY = '2026-11-26';
const citizen = (id: string | undefined, name: string): Patient => ({
  resourceType: 'Patient',
  ...(id === undefined ? {} : { id }),
  name: [{ text: name }],
});
const forløb = (
  id: string,
  patientReference: string,
  start?: string,
  status: EpisodeOfCare['status'] = 'active',
): EpisodeOfCare => ({
  resourceType: 'EpisodeOfCare',
  id,
  status,
  patient: { reference: patientReference },
  ...(start ? { period: { start } } : {}),
});
const task = (extra: Partial<Task>): Task => ({
  resourceType: 'Task',
  status: 'ready',
  intent: 'order',
  ...extra,
});
const rows = (resources: Partial<CaseloadResources>) =>
  caseloadRows({ episodes: [], patients: [], conditions: [], openTasks: [], ...resources }, TODAY);

describe('caseloadRows', () => {
  it('shows a citizen’s forløb earliest first', () => {
    const [row] = rows({
      episodes: [
        forløb('e2', 'Patient/p1', '2026-06-01', 'planned'),
        forløb('e1', 'Patient/p1', '2026-01-01'),
      ],
      patients: [citizen('p1', 'Anne Olsen')],
    });
    expect(row?.episodes.map((episode) => [episode.id, episode.status])).toEqual([
      ['e1', 'active'],
      ['e2', 'planned'],
    ]);
  });

  it('does not match a citizen without id to a forløb of a citizen on a foreign server', () => {
    expect(
      rows({
        episodes: [forløb('e1', 'https://x/fhir/Patient/1')],
        patients: [citizen(undefined, 'Ukendt')],
      }),
    ).toEqual([]);
  });

  it('counts only open tasks for the citizen, not those for no one or a foreign reference', () => {
    const [row] = rows({
      episodes: [forløb('e1', 'Patient/p1')],
      patients: [citizen('p1', 'Anne Olsen')],
      openTasks: [
        task({ for: { reference: 'Patient/p1' } }),
        task({ for: { reference: 'Patient/p1' }, status: 'on-hold' }),
        task({ for: { reference: 'Patient/p1' }, status: 'cancelled' }),
        task({ for: { reference: 'https://x/fhir/Patient/p1' } }),
        task({}),
      ],
    });
    expect(row?.openTasks).toBe(2);
  });
});
