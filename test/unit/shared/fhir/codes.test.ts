import { describe, expect, it } from 'vitest';
import type { CodeDef } from '../../../../shared/fhir/coding.ts';
import * as care from '../../../../shared/fhir/codes-care.ts';
import * as org from '../../../../shared/fhir/codes-organization.ts';
import * as workflow from '../../../../shared/fhir/codes-workflow.ts';
import { ObservationCode } from '../../../../shared/fhir/observation-codes.ts';
import { IdentifierSystem, canonicalSystem } from '../../../../shared/fhir/systems.ts';
import {
  codeSystemConcepts,
  conceptMapTargets,
  expandValueSet,
  inValueSet,
  loadIg,
} from './fut-ig.ts';

const VS = (name: string): string => `http://ehealth.sundhed.dk/vs/${name}`;

/** Each group of code constants and the value set (IG JSON) it must lie in. */
const GROUPS: readonly (readonly [string, Readonly<Record<string, CodeDef>>, string])[] = [
  ['TaskCategory', workflow.TaskCategory, VS('task-category')],
  ['Priority', workflow.Priority, VS('priority')],
  ['RestrictionCategory', workflow.RestrictionCategory, VS('restriction-category')],
  ['MessageCategory', workflow.MessageCategory, VS('message-category')],
  ['AdministrativeStatus', workflow.AdministrativeStatus, VS('administrative-status')],
  ['ClinicalImpressionCode', workflow.ClinicalImpressionCode, VS('clinicalimpression-codes')],
  [
    'ClinicalImpressionFinding',
    workflow.ClinicalImpressionFinding,
    VS('clinicalimpression-finding-codes'),
  ],
  [
    'ClinicalImpressionDecision',
    workflow.ClinicalImpressionDecision,
    VS('clinicalimpression-decision-codes'),
  ],
  ['ResolvedTimingType', workflow.ResolvedTimingType, VS('resolved-timing-type')],
  ['QualityType', workflow.QualityType, VS('quality-types')],
  ['UsageQuality', workflow.UsageQuality, VS('usage-quality')],
  ['SituationQuality', workflow.SituationQuality, VS('situation-quality')],
  ['Diagnosis', care.Diagnosis, VS('conditions')],
  ['ParticipantFunction', care.ParticipantFunction, VS('participant-function')],
  ['ConsentCategory', care.ConsentCategory, VS('consent-category')],
  ['ConsentScope', care.ConsentScope, VS('ehealth-consent-scope')],
  ['ReferenceRangeType', care.ReferenceRangeType, VS('reference-range-type')],
  ['AnswerSignificance', care.AnswerSignificance, VS('questionnaire-item-significance-indicator')],
  ['SharingPolicy', care.SharingPolicy, VS('measurement-sharing-policies')],
  ['ActivityCode', care.ActivityCode, VS('activitydefinition-code')],
  ['Jurisdiction', care.Jurisdiction, VS('jurisdiction')],
  ['ModifierRole', care.ModifierRole, VS('modifier-role')],
  ['QuestionnaireType', care.QuestionnaireType, VS('questionnaire-types')],
  ['AppointmentType', care.AppointmentType, VS('appointmenttype-codes')],
  ['AppointmentServiceType', care.AppointmentServiceType, VS('appointment-servicetype')],
  ['AppointmentReason', care.AppointmentReason, VS('appointment-reason')],
  ['OrganizationSource', org.OrganizationSource, VS('organization-source')],
  ['SynchronizationStatus', org.SynchronizationStatus, VS('organization-synchronization-status')],
  ['OrganizationType', org.OrganizationType, VS('organization-type')],
  ['OrganizationSpecialty', org.OrganizationSpecialty, VS('organization-specialty')],
  ['CareTeamRole', org.CareTeamRole, VS('careteam-participant-role')],
  ['OioBppRole', org.OioBppRole, VS('oio-bpp-roles')],
  ['ObservationCode', ObservationCode, VS('observation-codes')],
];

/** The display the IG gives a code: its CodeSystem's, else the one a ValueSet lists. */
function igDisplay(system: string, code: string): string | undefined {
  const fromSystem = codeSystemConcepts(system);
  if (fromSystem) return fromSystem.get(code);
  for (const valueSet of loadIg().valueSets.values())
    for (const include of valueSet.compose?.include ?? [])
      if (include.system === system) {
        const concept = include.concept?.find((c) => c.code === code);
        if (concept?.display) return concept.display;
      }
  return undefined;
}

describe('shared/fhir code constants against the IG JSON', () => {
  for (const [name, group, valueSet] of GROUPS) {
    it(`${name}: every code is in ${valueSet}, with the IG's display`, () => {
      for (const def of Object.values(group)) {
        expect(inValueSet(valueSet, def.system, def.code), `${def.system}|${def.code}`).toBe(true);
        const display = igDisplay(def.system, def.code);
        // HL7 consent-scope is not shipped with the IG; its display is HL7's.
        if (display !== undefined) expect(def.display, def.code).toBe(display);
      }
    });
  }

  it('episode-of-care statuses are exactly the codes of the IG’s episode-of-care-status code system', () => {
    const codes = [
      ...(codeSystemConcepts('http://hl7.org/fhir/episode-of-care-status')?.keys() ?? []),
    ];
    expect([...care.EPISODE_OF_CARE_STATUSES]).toEqual(codes);
    for (const def of Object.values(care.EpisodeOfCareStatusCode))
      expect(def.display).toBe(igDisplay(def.system, def.code));
  });

  it('task priorities are the codes of cs/priority', () => {
    expect([...workflow.TASK_PRIORITIES]).toEqual([
      ...(codeSystemConcepts('http://ehealth.sundhed.dk/cs/priority')?.keys() ?? []),
    ]);
  });

  it('Danish names are the code systems’ Danish designations', () => {
    const daOf = (system: string, code: string): string[] => {
      const cs = loadIg().codeSystems.get(system);
      const found: string[] = [];
      const walk = (
        concepts: typeof cs extends undefined
          ? never
          : NonNullable<NonNullable<typeof cs>['concept']>,
      ): void => {
        for (const c of concepts) {
          if (c.code === code)
            for (const d of c.designation ?? [])
              if (d.language?.startsWith('da')) found.push(d.value ?? '');
          walk(c.concept ?? []);
        }
      };
      walk(cs?.concept ?? []);
      return found;
    };
    let checked = 0;
    for (const [, group] of GROUPS)
      for (const def of Object.values(group)) {
        if (
          def.da === undefined ||
          !loadIg().codeSystems.has(def.system) ||
          def.system.startsWith('urn:oid')
        )
          continue;
        expect(daOf(def.system, def.code), def.code).toContain(def.da);
        checked++;
      }
    expect(checked).toBeGreaterThan(30);
  });

  it('observation codes carry the unit of ConceptMap obs-code-to-ucum, the value type of obs-code-to-value-type and the print symbol of the supplement', () => {
    const units = conceptMapTargets('conceptmap-obs-code-to-ucum');
    const types = conceptMapTargets('conceptmap-obs-code-to-value-type');
    const print = codeSystemConcepts(
      'http://ehealth.sundhed.dk/cs/ehealth-ucum-printsymbol-supplement',
    );
    const supplement = loadIg().codeSystems.get(
      'http://ehealth.sundhed.dk/cs/ehealth-ucum-printsymbol-supplement',
    );
    for (const def of Object.values(ObservationCode)) {
      const key = `${def.system}|${def.code}`;
      if (!def.unit) {
        expect(units.get(key), key).toBeUndefined();
        continue;
      }
      expect(units.get(key), key).toEqual([{ system: def.unit.system, code: def.unit.code }]);
      expect(
        types.get(key)?.map((t) => t.code),
        key,
      ).toEqual([def.valueType]);
      expect(print?.has(def.unit.code), def.unit.code).toBe(true);
      const symbol = supplement?.concept?.find((c) => c.code === def.unit?.code)?.designation?.[0]
        ?.value;
      expect(def.unit.print, def.unit.code).toBe(symbol ?? def.unit.code);
    }
  });

  it('care-team roles and OIO-BPP roles with the same key are equivalent in the IG’s ConceptMap', () => {
    const map = conceptMapTargets('oio-bpp-roles-to-careteam-participant-roles');
    for (const key of org.ROLE_KEYS) {
      const oio = org.OioBppRole[key];
      expect(map.get(`${oio.system}|${oio.code}`)?.map((t) => t.code)).toEqual([
        org.CareTeamRole[key].code,
      ]);
      expect(org.careTeamRoleForOioBpp(oio.code)).toBe(org.CareTeamRole[key]);
      expect(org.careTeamRoleForOioBpp(`http://ehealth.seb.dk/roles/usersystemrole/${key}/1`)).toBe(
        org.CareTeamRole[key],
      );
    }
    expect(org.careTeamRoleForOioBpp('urn:dk:sundhed:ehealth:role:toString')).toBeUndefined();
  });

  it('the value-set expander refuses what it cannot see, so the checks above cannot pass by not looking', () => {
    expect(() => expandValueSet('http://ehealth.sundhed.dk/vs/no-such-set')).toThrow();
    expect(
      inValueSet(
        VS('task-category'),
        'http://ehealth.sundhed.dk/cs/task-category',
        'NoSuchCategory',
      ),
    ).toBe(false);
  });
});

describe('identifier systems', () => {
  it('CPR, SOR and ydernummer are the IG NamingSystems’ URIs', () => {
    const uris = loadIg().namingSystems.flatMap((n) =>
      (n.uniqueId ?? []).filter((u) => u.type === 'uri').map((u) => u.value),
    );
    for (const system of [IdentifierSystem.cpr, IdentifierSystem.sor, IdentifierSystem.ydernummer])
      expect(uris).toContain(system);
  });

  it('maps the IG’s other spellings onto one', () => {
    expect(canonicalSystem('urn:oid.1.2.208.176.1.4')).toBe(IdentifierSystem.ydernummer);
    expect(canonicalSystem('http://www.cpr.dk/cpr-systemet')).toBe(IdentifierSystem.cpr);
    expect(canonicalSystem(IdentifierSystem.sor)).toBe(IdentifierSystem.sor);
  });
});
