import type { Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';

/**
 * Random FUT-ish resources for property tests: the fields FUT's indexed search
 * parameters read (subject, for, team, basedOn, extensions, identifiers,
 * effective[x], …), with awkward values mixed in (absolute and bare references,
 * logical references, other extension URLs, dates of every precision and zone).
 */

const SD = 'http://ehealth.sundhed.dk/fhir/StructureDefinition/';
export const EXTENSION_URLS = [
  'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare',
  `${SD}ehealth-task-episodeOfCare`,
  `${SD}ehealth-task-responsible`,
  `${SD}ehealth-communication-recipientCareTeam`,
  `${SD}ehealth-communication-senderCareTeam`,
  `${SD}ehealth-responsible`,
  `${SD}ehealth-reference-careplan`,
  'http://example.org/other',
] as const;

export const REFERENCES = [
  'Patient/p1',
  'Patient/p2',
  'Group/g1',
  'CareTeam/t1',
  'CareTeam/t2',
  'EpisodeOfCare/e1',
  'EpisodeOfCare/e2',
  'ServiceRequest/s1',
  'Practitioner/pr1',
  'Organization/o1',
  'http://other.example/fhir/Patient/p1',
  'p1',
] as const;

export const DATES = [
  '2025',
  '2025-02',
  '2025-02-03',
  '2025-02-03T10:00:00Z',
  '2025-02-03T10:00:00+02:00',
  '2025-02-03T10:00:00.123Z',
  '2025-02-04T23:59:59Z',
  '2024-12-31T23:00:00-01:00',
] as const;

export const referenceArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...REFERENCES).map((reference) => ({ reference })) },
  {
    weight: 1,
    arbitrary: fc.constant({ type: 'Patient', identifier: { system: 'urn:x', value: 'v' } }),
  },
  { weight: 1, arbitrary: fc.constant({ display: 'no reference' }) },
  { weight: 1, arbitrary: fc.constant({}) },
);

const extensionArb = fc.oneof(
  fc.record(
    { url: fc.constantFrom(...EXTENSION_URLS), valueReference: referenceArb },
    { noNullPrototype: true },
  ),
  fc.record({
    url: fc.constantFrom(...EXTENSION_URLS),
    valueString: fc.constantFrom('x', 'Patient/p1'),
  }),
  fc.record({
    url: fc.constant(`${SD}ehealth-participant`),
    extension: fc.tuple(referenceArb).map(([actor]) => [
      { url: 'actor', valueReference: actor },
      { url: 'function', valueCoding: { code: 'Primary Contact' } },
    ]),
  }),
);

const identifierArb = fc.record(
  {
    system: fc.constantFrom('urn:a', 'URN:A', 'urn:b'),
    value: fc.constantFrom('v1', 'V1', 'v2'),
    type: fc.constant({ text: 'tt' }),
  },
  { requiredKeys: [], noNullPrototype: true },
);

const codingArb = fc.record(
  {
    system: fc.constantFrom(
      'urn:oid:1.2.208.176.2.1',
      'http://loinc.org',
      'URN:OID:1.2.208.176.2.1',
    ),
    code: fc.constantFrom('NPU03011', 'npu03011', 'DNK05472', 'message'),
    display: fc.constantFrom('O2 saturation', 'Blodtryk'),
  },
  { requiredKeys: ['code'], noNullPrototype: true },
);

const conceptArb = fc.record(
  { coding: fc.array(codingArb, { maxLength: 2 }), text: fc.constantFrom('Iltmætning', 'message') },
  { requiredKeys: [], noNullPrototype: true },
);

const effectiveArb = fc.oneof(
  fc.record({ effectiveDateTime: fc.constantFrom(...DATES) }),
  fc.record({
    effectiveInstant: fc.constantFrom('2025-02-03T10:00:00.000Z', '2025-03-01T00:00:00Z'),
  }),
  fc.record({
    effectivePeriod: fc.record(
      { start: fc.constantFrom(...DATES), end: fc.constantFrom(...DATES) },
      { requiredKeys: [], noNullPrototype: true },
    ),
  }),
  fc.constant({}),
);

const fieldsArb = fc.record(
  {
    subject: referenceArb,
    for: referenceArb,
    patient: referenceArb,
    basedOn: fc.array(referenceArb, { maxLength: 2 }),
    team: fc.array(referenceArb, { maxLength: 2 }),
    focus: referenceArb,
    recipient: fc.array(referenceArb, { maxLength: 2 }),
    sender: referenceArb,
    target: fc.array(referenceArb, { maxLength: 2 }),
    practitioner: referenceArb,
    organization: referenceArb,
    managingOrganization: referenceArb,
    participant: fc.array(
      fc.record({
        actor: referenceArb,
        extension: fc.constant([
          { url: `${SD}ehealth-ext-careteam`, valueReference: { reference: 'CareTeam/t1' } },
        ]),
      }),
      { maxLength: 2 },
    ),
    extension: fc.array(extensionArb, { maxLength: 4 }),
    identifier: fc.array(identifierArb, { maxLength: 2 }),
    status: fc.constantFrom('final', 'active', 'ready'),
    code: conceptArb,
    category: fc.array(conceptArb, { maxLength: 2 }),
  },
  { requiredKeys: [], noNullPrototype: true },
);

/** A resource of the given type with a random selection of the fields above. */
export function resourceArb(
  resourceType: string,
  id: fc.Arbitrary<string> = fc.constantFrom('a', 'b', 'c'),
): fc.Arbitrary<Resource> {
  return fc
    .tuple(fieldsArb, effectiveArb, id)
    .map(
      ([fields, effective, resourceId]) =>
        ({ resourceType, id: resourceId, ...fields, ...effective }) as unknown as Resource,
    );
}
