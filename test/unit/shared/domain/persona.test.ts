import { describe, expect, it } from 'vitest';
import { DemoPersonaSchema, FhirIdSchema } from '../../../../shared/domain/persona.ts';
import { PersonaRecordSchema } from '../../../../shared/domain/persona-record.ts';

const nurse = {
  id: 'municipal-nurse',
  displayName: 'Mette Jensen',
  title: 'Sygeplejerske, Aalborg Kommune',
  sector: 'municipality',
  organizationId: 'org-kommune-851',
  practitionerId: 'prac-1',
  careTeamIds: ['team-kommune-851'],
  oioBppRoles: ['monitoring_adjuster'],
} as const;

describe('DemoPersonaSchema: what the demo back end may hand main as a persona', () => {
  it('takes a persona as the generator makes it', () => {
    expect(DemoPersonaSchema.parse(nurse)).toEqual(nurse);
  });

  it.each([
    ['an id with capitals', { id: 'Nurse' }],
    ['an id starting with a digit', { id: '1-nurse' }],
    ['an empty display name', { displayName: '' }],
    ['an unknown sector', { sector: 'pharmacy' }],
    ['no care team', { careTeamIds: [] }],
    ['a care team id that is not a FHIR id', { careTeamIds: ['team/1'] }],
    ['no role', { oioBppRoles: [] }],
    ['a role FUT does not have', { oioBppRoles: ['superuser'] }],
    ['a field the schema does not know', { password: 'x' }],
  ])('refuses %s', (_case, change) => {
    expect(DemoPersonaSchema.safeParse({ ...nurse, ...change }).success).toBe(false);
  });

  it.each([
    ['A-z.0-9', true],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['', false],
    ['has space', false],
    ['Patient/1', false],
  ])('FHIR id %j: %s', (id, valid) => {
    expect(FhirIdSchema.safeParse(id).success).toBe(valid);
  });
});

describe('PersonaRecordSchema: a persona crossing from the demo back end to main', () => {
  const record = {
    summary: {
      id: 'gp',
      displayName: 'Lars Holm',
      title: 'Praktiserende læge',
      sector: 'general-practice',
      organizationName: 'Lægehuset Vestergade',
      careTeams: [{ id: 'team-gp-1', name: 'Lægehuset', role: 'monitoring_adjuster' }],
    },
    practitionerId: 'prac-2',
    organizationId: 'org-gp-1',
  };

  it('takes a record with its summary and identifiers', () => {
    expect(PersonaRecordSchema.parse(record)).toEqual(record);
  });

  it.each([
    ['an empty practitioner id', { practitionerId: '' }],
    ['an organisation id longer than FHIR allows', { organizationId: 'o'.repeat(65) }],
    ['an extra field', { token: 'secret' }],
    [
      'a team role FUT does not have',
      { summary: { ...record.summary, careTeams: [{ id: 't', name: 'T', role: 'admin' }] } },
    ],
  ])('refuses %s', (_case, change) => {
    expect(PersonaRecordSchema.safeParse({ ...record, ...change }).success).toBe(false);
  });
});
