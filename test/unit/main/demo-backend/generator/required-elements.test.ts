/**
 * Every generated resource carries what its FUT profile requires and nothing
 * it prohibits. The table is the "Required" (and "Prohibited") lines of
 * shared/reference/FUT-PROFILES.md §1, one row per profile the generator
 * writes; the section is named on each row.
 */
import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { Ext, Profile } from '../../../../../shared/fhir/profiles.ts';
import { defaultDataset } from './fixture.ts';

/**
 * One rule. `path` is dot-separated from the resource (arrays are flattened);
 * `ext:<url>` selects extensions by URL; `each` applies the count to every
 * element found at `path` rather than to the resource; `system` keeps only
 * elements with that system (identifier slices).
 */
interface Rule {
  readonly path: string;
  readonly min: number;
  readonly max?: number;
  readonly each?: string;
  readonly system?: string;
  readonly when?: (resource: Resource) => boolean;
}

const r = (path: string, min: number, max?: number, more: Partial<Rule> = {}): Rule => ({
  path,
  min,
  ...(max !== undefined ? { max } : {}),
  ...more,
});
const one = (path: string, more: Partial<Rule> = {}): Rule => r(path, 1, 1, more);
const some = (path: string, more: Partial<Rule> = {}): Rule => r(path, 1, undefined, more);
const none = (path: string): Rule => r(path, 0, 0);
const ext = (url: string): string => `ext:${url}`;

interface ProfileRow {
  readonly section: string;
  readonly type: Resource['resourceType'];
  readonly profile: string;
  readonly rules: readonly Rule[];
}

const TABLE: readonly ProfileRow[] = [
  // §1.1 ehealth-patient
  {
    section: '1.1',
    type: 'Patient',
    profile: Profile.patient,
    rules: [one('identifier', { system: 'urn:oid:1.2.208.176.1.2' }), one('gender')],
  },
  // §1.2 ehealth-organization
  {
    section: '1.2',
    type: 'Organization',
    profile: Profile.organization,
    rules: [
      some('identifier'),
      one('name'),
      one(ext(Ext.organizationSource)),
      one(ext(Ext.organizationSynchronizationStatus)),
      one('telecom', { each: 'value', when: (x) => 'telecom' in x }),
    ],
  },
  // §1.3 ehealth-practitioner
  { section: '1.3', type: 'Practitioner', profile: Profile.practitioner, rules: [one('name')] },
  // §1.4 ehealth-practitionerrole: nothing required; code bound to careteam roles (value-sets.test.ts)
  { section: '1.4', type: 'PractitionerRole', profile: Profile.practitionerRole, rules: [] },
  // §1.5 ehealth-careteam
  {
    section: '1.5',
    type: 'CareTeam',
    profile: Profile.careTeam,
    rules: [
      one('status'),
      one('name'),
      some('reasonCode'),
      some('participant', { each: 'role' }),
      one('participant', { each: 'member' }),
      some('identifier', { system: 'urn:ietf:rfc:3986' }),
      none('subject'),
      none('reasonReference'),
    ],
  },
  // §1.6 ehealth-episodeofcare
  {
    section: '1.6',
    type: 'EpisodeOfCare',
    profile: Profile.episodeOfCare,
    rules: [
      one('status'),
      one('patient'),
      one(ext(Ext.caremanagerOrganization)),
      some('diagnosis'),
      one('diagnosis', { each: 'condition' }),
      one('managingOrganization'),
      one('period'),
      none('careManager'),
      none('account'),
    ],
  },
  // §1.7 ehealth-condition
  {
    section: '1.7',
    type: 'Condition',
    profile: Profile.condition,
    rules: [one('subject'), one('code')],
  },
  // §1.8 ehealth-careplan
  {
    section: '1.8',
    type: 'CarePlan',
    profile: Profile.carePlan,
    rules: [
      one('status'),
      one('intent'),
      one('subject'),
      one(ext(Ext.workflowEpisodeOfCare)),
      one('instantiatesCanonical'),
      one('period'),
      one('addresses'),
      one('activity', { each: 'reference' }),
      none('basedOn'),
      none('replaces'),
    ],
  },
  // §1.9 ehealth-servicerequest (+ occurrence with boundsPeriod.start when active, on-hold or completed)
  {
    section: '1.9',
    type: 'ServiceRequest',
    profile: Profile.serviceRequest,
    rules: [
      one('status'),
      one('intent'),
      one('subject'),
      one(ext(Ext.workflowEpisodeOfCare)),
      one(ext(Ext.sharingPolicy)),
      one(ext(Ext.includeAsExtra)),
      one('instantiatesCanonical'),
      none('basedOn'),
      none('replaces'),
      one('occurrenceTiming.repeat.boundsPeriod.start'),
    ],
  },
  // §1.11 ehealth-observation (value[x] only Quantity or CodeableConcept)
  {
    section: '1.11',
    type: 'Observation',
    profile: Profile.observation,
    rules: [
      one('status'),
      one('code'),
      one(ext(Ext.workflowEpisodeOfCare)),
      one(ext(Ext.resolvedTiming)),
      one('basedOn'),
      one('subject'),
      one('effectiveDateTime'),
      one('performer'),
      none('valueString'),
      none('valueInteger'),
      none('valueBoolean'),
      none('component.valueString'),
    ],
  },
  // §1.12 ehealth-questionnaire
  {
    section: '1.12',
    type: 'Questionnaire',
    profile: Profile.questionnaire,
    rules: [
      one('status'),
      one('version'),
      some(ext(Ext.modifierRole)),
      some(ext(Ext.questionnaireType)),
    ],
  },
  // §1.13 ehealth-questionnaireresponse
  {
    section: '1.13',
    type: 'QuestionnaireResponse',
    profile: Profile.questionnaireResponse,
    rules: [
      one('status'),
      one(ext(Ext.workflowEpisodeOfCare)),
      one(ext(Ext.resolvedTiming)),
      one('basedOn'),
      one('questionnaire'),
      one('subject'),
      one('authored'),
      one('source'),
    ],
  },
  // §1.14 ehealth-clinicalimpression
  {
    section: '1.14',
    type: 'ClinicalImpression',
    profile: Profile.clinicalImpression,
    rules: [one('status'), one('subject'), one('code'), one(ext(Ext.workflowEpisodeOfCare))],
  },
  // §1.15 ehealth-task
  {
    section: '1.15',
    type: 'Task',
    profile: Profile.task,
    rules: [
      one('status'),
      one('intent'),
      one('priority'),
      one(ext(Ext.taskEpisodeOfCare)),
      one(ext(Ext.taskCategory)),
      some(ext(Ext.taskResponsible)),
      some(ext(Ext.restrictionCategory)),
    ],
  },
  // §1.16 ehealth-message (category slice DkTmCategory 1..1, payload.contentString 1..1)
  {
    section: '1.16',
    type: 'Communication',
    profile: Profile.message,
    rules: [
      one('status'),
      one(ext(Ext.administrativeStatus)),
      one('category.coding', { system: 'http://ehealth.sundhed.dk/cs/message-category' }),
      one('payload', { each: 'contentString' }),
    ],
  },
  // §1.17 ehealth-videoappointment (participant 2..*, vdxMeetingId slice)
  {
    section: '1.17',
    type: 'Appointment',
    profile: Profile.videoAppointment,
    rules: [
      one('status'),
      r('participant', 2),
      one('participant', { each: 'status' }),
      one(ext(Ext.responsible)),
      one('appointmentType'),
      one('serviceType.coding', { system: 'http://ehealth.sundhed.dk/cs/appointment-servicetype' }),
      one('start'),
      one('end'),
      one('identifier', { system: 'http://vdx.medcom.dk/meeting' }),
    ],
  },
  // §1.18 ehealth-consent
  {
    section: '1.18',
    type: 'Consent',
    profile: Profile.consent,
    rules: [one('status'), one('scope'), some('category'), one('patient')],
  },
];

function select(node: unknown, path: string): unknown[] {
  let current: unknown[] = [node];
  for (const step of path.startsWith('ext:') ? [path] : path.split('.')) {
    const next: unknown[] = [];
    for (const item of current) {
      if (item === null || typeof item !== 'object') continue;
      const value = step.startsWith('ext:')
        ? ((item as { extension?: { url: string }[] }).extension ?? []).filter(
            (e) => e.url === step.slice(4),
          )
        : (item as Record<string, unknown>)[step];
      if (Array.isArray(value)) next.push(...(value as unknown[]));
      else if (value !== undefined) next.push(value);
    }
    current = next;
  }
  return current;
}

function count(node: unknown, rule: Rule, path: string): number {
  const found = select(node, path);
  return rule.system
    ? found.filter((f) => (f as { system?: string }).system === rule.system).length
    : found.length;
}

describe('required elements per FUT profile (FUT-PROFILES.md §1)', () => {
  const dataset = defaultDataset();

  it('covers every resource type the generator writes', () => {
    const generated = new Set(dataset.resources.map((x) => x.resourceType));
    expect([...generated].sort()).toEqual([...new Set(TABLE.map((row) => row.type))].sort());
  });

  for (const row of TABLE) {
    it(`§${row.section} ${row.profile.split('/').pop() ?? ''}: every ${row.type} has its profile and required elements`, () => {
      const resources = dataset.resources.filter((x) => x.resourceType === row.type);
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        expect(resource.meta?.profile, resource.id).toEqual([row.profile]);
        for (const rule of row.rules) {
          if (rule.when && !rule.when(resource)) continue;
          const counts = rule.each
            ? select(resource, rule.path).map((parent) => count(parent, rule, rule.each ?? ''))
            : [count(resource, rule, rule.path)];
          for (const n of counts) {
            const where = `${row.type}/${resource.id ?? ''} ${rule.path}${rule.each ? `.${rule.each}` : ''}`;
            expect(n, where).toBeGreaterThanOrEqual(rule.min);
            if (rule.max !== undefined) expect(n, where).toBeLessThanOrEqual(rule.max);
          }
        }
      }
    });
  }

  it('CareTeam UUID identifiers are urn:uuid values (§1.5)', () => {
    for (const team of dataset.resources.filter((x) => x.resourceType === 'CareTeam'))
      for (const identifier of (team as { identifier?: { system?: string; value?: string }[] })
        .identifier ?? [])
        if (identifier.system === 'urn:ietf:rfc:3986')
          expect(identifier.value).toMatch(
            /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
          );
  });

  it('the rules can fail: a resource missing a required element is caught', () => {
    const rule = one(ext(Ext.resolvedTiming));
    expect(count({ resourceType: 'Observation', extension: [] }, rule, rule.path)).toBe(0);
    expect(
      count(
        { extension: [{ url: Ext.resolvedTiming }, { url: Ext.resolvedTiming }] },
        rule,
        rule.path,
      ),
    ).toBe(2);
  });
});
