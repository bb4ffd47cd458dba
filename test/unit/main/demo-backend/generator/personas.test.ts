import { describe, expect, it } from 'vitest';
import { DemoPersonaSchema } from '../../../../../shared/domain/persona.ts';
import { Ext } from '../../../../../shared/fhir/profiles.ts';
import { generateDemoDataset } from '../../../../../main/demo-backend/generator/dataset.ts';
import { ANCHOR, DAY, NOW, defaultDataset, extension, ofType } from './fixture.ts';

type Dataset = ReturnType<typeof defaultDataset>;

/** What a persona sees: their teams' ongoing caseload, open tasks, unread messages, recent red/yellow. */
function workload(dataset: Dataset, careTeamIds: readonly string[]) {
  const teams = new Set(careTeamIds.map((id) => `CareTeam/${id}`));
  const episodes = ofType(dataset, 'EpisodeOfCare').filter(
    (e) =>
      (e.status === 'active' || e.status === 'onhold') &&
      e.team?.some((t) => teams.has(t.reference ?? '')),
  );
  const episodeRefs = new Set(episodes.map((e) => `EpisodeOfCare/${e.id ?? ''}`));
  const openTasks = ofType(dataset, 'Task').filter(
    (t) =>
      t.status !== 'completed' &&
      teams.has(extension(t, Ext.taskResponsible)?.valueReference?.reference ?? ''),
  );
  const unread = ofType(dataset, 'Communication').filter(
    (c) =>
      teams.has(extension(c, Ext.recipientCareTeam)?.valueReference?.reference ?? '') &&
      extension(c, Ext.administrativeStatus)?.valueCoding?.code === 'activate',
  );
  const recentAlerts = ofType(dataset, 'ClinicalImpression').filter(
    (ci) =>
      ci.code?.coding?.[0]?.code === 'TriagingResult' &&
      episodeRefs.has(extension(ci, Ext.workflowEpisodeOfCare)?.valueReference?.reference ?? '') &&
      Date.parse(ci.date ?? '') > NOW - 7 * DAY &&
      ['red', 'yellow'].includes(ci.finding?.[0]?.itemCodeableConcept?.coding?.[0]?.code ?? ''),
  );
  return {
    caseload: new Set(episodes.map((e) => e.patient.reference)).size,
    openTasks: openTasks.length,
    unread: unread.length,
    recentAlerts: recentAlerts.length,
  };
}

describe('demo personas', () => {
  const dataset = defaultDataset();
  const resources = new Map(dataset.resources.map((r) => [`${r.resourceType}/${r.id ?? ''}`, r]));

  it('are the four user groups and a clinical viewer, valid by the shared schema, and the same for every seed', () => {
    expect(dataset.personas.map((p) => DemoPersonaSchema.parse(p).sector)).toEqual([
      'hospital',
      'municipality',
      'general-practice',
      'coordination',
      'municipality',
    ]);
    expect(dataset.personas.at(-1)).toMatchObject({
      id: 'viewer',
      oioBppRoles: ['clinical_viewer'],
    });
    const other = generateDemoDataset({ seed: 99, anchor: ANCHOR, citizens: 10 });
    expect(other.personas).toEqual(dataset.personas);
  });

  it('point at their Practitioner, Organization and CareTeams, and are participants of those teams', () => {
    for (const persona of dataset.personas) {
      expect(resources.get(`Practitioner/${persona.practitionerId}`)).toBeDefined();
      expect(resources.get(`Organization/${persona.organizationId}`)).toBeDefined();
      for (const teamId of persona.careTeamIds) {
        const team = resources.get(`CareTeam/${teamId}`);
        expect(team?.resourceType).toBe('CareTeam');
        const members =
          team?.resourceType === 'CareTeam'
            ? (team.participant ?? []).map((p) => p.member?.reference)
            : [];
        expect(members).toContain(`Practitioner/${persona.practitionerId}`);
      }
    }
  });

  it('the GP’s practice has a ydernummer and the municipal nurse works in Hjørring Kommune', () => {
    const gp = dataset.personas.find((p) => p.id === 'gp');
    const practice = resources.get(`Organization/${gp?.organizationId ?? ''}`);
    expect(
      practice?.resourceType === 'Organization' &&
        practice.identifier?.some((i) => i.system === 'urn:oid:1.2.208.176.1.4'),
    ).toBe(true);
    const nurse = dataset.personas.find((p) => p.id === 'municipal-nurse');
    const unit = resources.get(`Organization/${nurse?.organizationId ?? ''}`);
    expect(unit?.resourceType === 'Organization' && unit.partOf?.reference).toBe(
      'Organization/org-kommune-860',
    );
  });

  for (const seed of [20260310, 7]) {
    it(`have a live caseload: tens of citizens, open tasks, unread messages and recent red or yellow (seed ${seed})`, () => {
      const data = seed === 20260310 ? dataset : generateDemoDataset({ seed, anchor: ANCHOR });
      const loads = Object.fromEntries(
        data.personas.map((p) => [p.id, workload(data, p.careTeamIds)]),
      );
      console.info(`persona workload, seed ${seed}`, loads);
      for (const [id, load] of Object.entries(loads)) {
        expect(load.caseload, id).toBeGreaterThanOrEqual(10);
        expect(load.openTasks, id).toBeGreaterThan(0);
        expect(load.unread, id).toBeGreaterThan(0);
        expect(load.recentAlerts, id).toBeGreaterThan(0);
      }
      const coordinator = loads.coordinator?.caseload ?? 0;
      for (const id of ['hospital-nurse', 'municipal-nurse', 'gp'])
        expect(coordinator, id).toBeGreaterThan(loads[id]?.caseload ?? 0);
    });
  }
});
