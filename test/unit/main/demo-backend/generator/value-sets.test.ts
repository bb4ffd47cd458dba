/**
 * Every coded value in the generated data lies in the FUT value set its
 * element is bound to, checked against the IG JSON in resources/fut-ig/
 * (not against shared/fhir's constants), and carries the code system's
 * display.
 */
import type { CodeableConcept, Coding, Extension, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { Ext } from '../../../../../shared/fhir/profiles.ts';
import { codeSystemConcepts, conceptMapTargets, inValueSet } from '../../../shared/fhir/fut-ig.ts';
import { defaultDataset, extension, extensions } from './fixture.ts';

const VS = (name: string): string => `http://ehealth.sundhed.dk/vs/${name}`;
type Any = Record<string, unknown>;

const codings = (concept: CodeableConcept | undefined): Coding[] => concept?.coding ?? [];
const concepts = (list: readonly Extension[]): CodeableConcept[] =>
  list.flatMap((e) => (e.valueCodeableConcept ? [e.valueCodeableConcept] : []));
const sub = (e: Extension | undefined, url: string): Extension | undefined =>
  e?.extension?.find((x) => x.url === url);

/** A binding: which codings of which resources must lie in which value set. */
interface Binding {
  readonly name: string;
  readonly type: Resource['resourceType'];
  readonly valueSet: string;
  readonly codings: (resource: Any) => Coding[];
}

const cc = (
  name: string,
  type: Binding['type'],
  valueSet: string,
  get: (r: Any) => CodeableConcept[],
): Binding => ({
  name,
  type,
  valueSet,
  codings: (r) => get(r).flatMap(codings),
});
const extCc = (url: string) => (r: Any) => concepts(extensions(r, url));

const BINDINGS: readonly Binding[] = [
  cc('Observation.code', 'Observation', VS('observation-codes'), (r) => [
    r.code as CodeableConcept,
  ]),
  cc('Observation.component.code', 'Observation', VS('observation-codes'), (r) =>
    ((r.component as Any[] | undefined) ?? []).map((c) => c.code as CodeableConcept),
  ),
  cc('Observation.referenceRange.type', 'Observation', VS('reference-range-type'), (r) =>
    ((r.referenceRange as Any[] | undefined) ?? []).map((x) => x.type as CodeableConcept),
  ),
  cc('Observation resolved-timing type', 'Observation', VS('resolved-timing-type'), (r) =>
    concepts([sub(extension(r, Ext.resolvedTiming), 'type')].flatMap((e) => (e ? [e] : []))),
  ),
  cc('Observation quality type', 'Observation', VS('quality-types'), (r) =>
    concepts([sub(extension(r, Ext.quality), 'qualityType')].flatMap((e) => (e ? [e] : []))),
  ),
  cc('Observation usage quality', 'Observation', VS('usage-quality'), (r) =>
    concepts([sub(extension(r, Ext.quality), 'qualityCode')].flatMap((e) => (e ? [e] : []))),
  ),
  cc('ServiceRequest.code', 'ServiceRequest', VS('activitydefinition-code'), (r) => [
    r.code as CodeableConcept,
  ]),
  cc(
    'ServiceRequest ehealth-referenceRange type',
    'ServiceRequest',
    VS('reference-range-type'),
    (r) =>
      concepts(
        extensions(r, Ext.referenceRange).flatMap(
          (e) => e.extension?.filter((x) => x.url === 'type') ?? [],
        ),
      ),
  ),
  cc(
    'ServiceRequest sharing policy',
    'ServiceRequest',
    VS('measurement-sharing-policies'),
    extCc(Ext.sharingPolicy),
  ),
  cc(
    'QuestionnaireResponse resolved-timing type',
    'QuestionnaireResponse',
    VS('resolved-timing-type'),
    (r) => concepts([sub(extension(r, Ext.resolvedTiming), 'type')].flatMap((e) => (e ? [e] : []))),
  ),
  cc('Task category', 'Task', VS('task-category'), extCc(Ext.taskCategory)),
  cc(
    'Task restriction category',
    'Task',
    VS('restriction-category'),
    extCc(Ext.restrictionCategory),
  ),
  {
    name: 'Task.priority',
    type: 'Task',
    valueSet: VS('priority'),
    codings: (r) => [
      { system: 'http://ehealth.sundhed.dk/cs/priority', code: r.priority as string },
    ],
  },
  cc(
    'Communication.category (message category)',
    'Communication',
    VS('message-category'),
    (r) => r.category as CodeableConcept[],
  ),
  {
    name: 'Communication administrative status',
    type: 'Communication',
    valueSet: VS('administrative-status'),
    codings: (r) =>
      extensions(r, Ext.administrativeStatus).flatMap((e) =>
        e.valueCoding ? [e.valueCoding] : [],
      ),
  },
  cc('CareTeam.participant.role', 'CareTeam', VS('careteam-participant-role'), (r) =>
    ((r.participant as Any[] | undefined) ?? []).flatMap((p) => p.role as CodeableConcept[]),
  ),
  cc('CareTeam.reasonCode', 'CareTeam', VS('conditions'), (r) => r.reasonCode as CodeableConcept[]),
  cc('Condition.code', 'Condition', VS('conditions'), (r) => [r.code as CodeableConcept]),
  {
    name: 'EpisodeOfCare participant function',
    type: 'EpisodeOfCare',
    valueSet: VS('participant-function'),
    codings: (r) =>
      extensions(r, Ext.participant).flatMap((e) =>
        sub(e, 'function')?.valueCoding ? [sub(e, 'function')?.valueCoding as Coding] : [],
      ),
  },
  cc(
    'Organization source',
    'Organization',
    VS('organization-source'),
    extCc(Ext.organizationSource),
  ),
  cc(
    'Organization synchronization status',
    'Organization',
    VS('organization-synchronization-status'),
    extCc(Ext.organizationSynchronizationStatus),
  ),
  cc(
    'Organization.type',
    'Organization',
    VS('organization-type'),
    (r) => r.type as CodeableConcept[],
  ),
  cc('Organization specialty', 'Organization', VS('organization-specialty'), (r) =>
    concepts(
      extensions(r, Ext.organizationSpecialty).flatMap(
        (e) => e.extension?.filter((x) => x.url === 'specialty') ?? [],
      ),
    ),
  ),
  cc('Consent.category', 'Consent', VS('consent-category'), (r) => r.category as CodeableConcept[]),
  cc('Consent.scope', 'Consent', VS('ehealth-consent-scope'), (r) => [r.scope as CodeableConcept]),
  cc('Appointment.appointmentType', 'Appointment', VS('appointmenttype-codes'), (r) => [
    r.appointmentType as CodeableConcept,
  ]),
  cc(
    'Appointment.serviceType',
    'Appointment',
    VS('appointment-servicetype'),
    (r) => r.serviceType as CodeableConcept[],
  ),
  cc(
    'Appointment.reasonCode',
    'Appointment',
    VS('appointment-reason'),
    (r) => r.reasonCode as CodeableConcept[],
  ),
  cc('Appointment legal basis', 'Appointment', VS('jurisdiction'), extCc(Ext.legalBasis)),
  cc(
    'Questionnaire type',
    'Questionnaire',
    VS('questionnaire-types'),
    extCc(Ext.questionnaireType),
  ),
  cc(
    'Questionnaire.jurisdiction',
    'Questionnaire',
    VS('jurisdiction'),
    (r) => r.jurisdiction as CodeableConcept[],
  ),
  {
    name: 'Questionnaire modifier role',
    type: 'Questionnaire',
    valueSet: VS('modifier-role'),
    codings: (r) =>
      extensions(r, Ext.modifierRole).flatMap((e) =>
        sub(e, 'role')?.valueCoding ? [sub(e, 'role')?.valueCoding as Coding] : [],
      ),
  },
  {
    name: 'Questionnaire item answer significance',
    type: 'Questionnaire',
    valueSet: VS('questionnaire-item-significance-indicator'),
    codings: (r) =>
      ((r.item as Any[] | undefined) ?? []).flatMap((item) =>
        extensions(item, Ext.answerSignificance).flatMap((e) =>
          sub(e, 'significance')?.valueCoding
            ? [sub(e, 'significance')?.valueCoding as Coding]
            : [],
        ),
      ),
  },
  cc('ClinicalImpression.code', 'ClinicalImpression', VS('clinicalimpression-codes'), (r) => [
    r.code as CodeableConcept,
  ]),
  cc(
    'ClinicalImpression.finding',
    'ClinicalImpression',
    VS('clinicalimpression-finding-codes'),
    (r) =>
      ((r.finding as Any[] | undefined) ?? []).map((f) => f.itemCodeableConcept as CodeableConcept),
  ),
  cc(
    'ClinicalImpression decision',
    'ClinicalImpression',
    VS('clinicalimpression-decision-codes'),
    extCc(Ext.clinicalImpressionDecision),
  ),
  cc(
    'ClinicalImpression finding-basis finding',
    'ClinicalImpression',
    VS('clinicalimpression-finding-codes'),
    (r) =>
      concepts(
        extensions(r, Ext.findingBasis).flatMap(
          (e) => e.extension?.filter((x) => x.url === 'finding') ?? [],
        ),
      ),
  ),
  {
    name: 'ClinicalImpression finding-basis answer significance',
    type: 'ClinicalImpression',
    valueSet: VS('questionnaire-item-significance-indicator'),
    codings: (r) =>
      extensions(r, Ext.findingBasis).flatMap((e) => {
        const s = sub(sub(e, Ext.answerSignificance), 'significance')?.valueCoding;
        return s ? [s] : [];
      }),
  },
];

describe('coded values of the generated data lie in their FUT value sets (IG JSON)', () => {
  const dataset = defaultDataset();

  for (const binding of BINDINGS) {
    it(`${binding.name} ∈ ${binding.valueSet}`, () => {
      let checked = 0;
      for (const resource of dataset.resources) {
        if (resource.resourceType !== binding.type) continue;
        for (const coding of binding.codings(resource as unknown as Any)) {
          expect(
            inValueSet(binding.valueSet, coding.system, coding.code),
            `${resource.resourceType}/${resource.id ?? ''} ${coding.system ?? ''}|${coding.code ?? ''}`,
          ).toBe(true);
          const display = coding.system
            ? codeSystemConcepts(coding.system)?.get(coding.code ?? '')
            : undefined;
          if (display !== undefined && coding.display !== undefined)
            expect(coding.display).toBe(display);
          checked++;
        }
      }
      expect(checked, 'the binding found nothing to check').toBeGreaterThan(0);
    });
  }

  it('EpisodeOfCare.status is a code of the IG’s episode-of-care-status code system', () => {
    const codes = codeSystemConcepts('http://hl7.org/fhir/episode-of-care-status');
    const seen = new Set<string>();
    for (const resource of dataset.resources) {
      if (resource.resourceType !== 'EpisodeOfCare') continue;
      expect(codes?.has(resource.status)).toBe(true);
      seen.add(resource.status);
      for (const history of resource.statusHistory ?? [])
        expect(codes?.has(history.status)).toBe(true);
    }
    expect([...seen].sort()).toEqual(['active', 'finished', 'onhold', 'planned']);
  });

  it('PractitionerRole.code has the bound care-team role and the OIO-BPP role the ConceptMap makes equivalent', () => {
    const map = conceptMapTargets('oio-bpp-roles-to-careteam-participant-roles');
    for (const resource of dataset.resources) {
      if (resource.resourceType !== 'PractitionerRole') continue;
      expect(resource.code?.length).toBeGreaterThan(0);
      for (const concept of resource.code ?? []) {
        const [role, oio] = concept.coding ?? [];
        expect(inValueSet(VS('careteam-participant-role'), role?.system, role?.code)).toBe(true);
        expect(inValueSet(VS('oio-bpp-roles'), oio?.system, oio?.code)).toBe(true);
        expect(map.get(`${oio?.system ?? ''}|${oio?.code ?? ''}`)?.map((t) => t.code)).toEqual([
          role?.code,
        ]);
      }
    }
  });

  it('measurement quantities use the UCUM unit of the IG’s ConceptMap and the value type it names', () => {
    const units = conceptMapTargets('conceptmap-obs-code-to-ucum');
    const types = conceptMapTargets('conceptmap-obs-code-to-value-type');
    for (const resource of dataset.resources) {
      if (resource.resourceType !== 'Observation') continue;
      const parts = resource.component
        ? resource.component.map((c) => [c.code, c.valueQuantity] as const)
        : [[resource.code, resource.valueQuantity] as const];
      for (const [code, quantity] of parts) {
        const key = `${code.coding?.[0]?.system ?? ''}|${code.coding?.[0]?.code ?? ''}`;
        expect(units.get(key)?.[0], key).toEqual({
          system: quantity?.system,
          code: quantity?.code,
        });
        if (types.get(key)?.[0]?.code === 'integer')
          expect(Number.isInteger(quantity?.value), key).toBe(true);
      }
    }
  });
});
