/** The demo looks like North Jutland's telemedicine: the organisations, the citizens and how they measure. */
import { describe, expect, it } from 'vitest';
import { Ext } from '../../../../../shared/fhir/profiles.ts';
import { MUNICIPALITIES } from '../../../../../main/demo-backend/generator/geography.ts';
import { DAY, NOW, defaultDataset, extension, ofType } from './fixture.ts';

describe('organisations', () => {
  const dataset = defaultDataset();
  const organizations = ofType(dataset, 'Organization');

  it('has Region Nordjylland and the 11 municipalities with their kommunekode', () => {
    const codes = organizations
      .filter((o) => o.type?.[0]?.coding?.[0]?.code === '547211000005108')
      .map((o) => [o.name, extension(o, Ext.organizationMunicipalityCode)?.valueString]);
    expect(codes.sort()).toEqual(MUNICIPALITIES.map((m) => [`${m.name} Kommune`, m.code]).sort());
    expect(
      organizations
        .find((o) => o.name === 'Region Nordjylland')
        ?.extension?.some((e) => e.valueString === '1081'),
    ).toBe(true);
  });

  it('has both hospitals with their units and departments for lung, heart, diabetes and obstetrics', () => {
    const names = organizations.map((o) => o.name ?? '');
    for (const unit of ['Aalborg', 'Hobro', 'Farsø', 'Thisted'])
      expect(names).toContain(`Aalborg Universitetshospital, ${unit}`);
    for (const unit of ['Hjørring', 'Frederikshavn'])
      expect(names).toContain(`Regionshospital Nordjylland, ${unit}`);
    const specialties = new Set(
      organizations.flatMap((o) =>
        (o.extension ?? [])
          .filter((e) => e.url === Ext.organizationSpecialty)
          .map((e) => e.extension?.[0]?.valueCodeableConcept?.coding?.[0]?.code),
      ),
    );
    for (const code of ['418112009', '394579002', '394583002', '394585009'])
      expect(specialties).toContain(code);
  });

  it('gives every GP practice a SOR id and a ydernummer, and lists every citizen with one', () => {
    const practices = organizations.filter((o) =>
      o.identifier?.some((i) => i.system === 'urn:oid:1.2.208.176.1.4'),
    );
    expect(practices.length).toBeGreaterThan(15);
    for (const practice of practices)
      expect(practice.identifier?.some((i) => i.system === 'urn:oid:1.2.208.176.1.1')).toBe(true);
    const numbers = new Set(
      practices.flatMap(
        (p) =>
          p.identifier?.filter((i) => i.system === 'urn:oid:1.2.208.176.1.4').map((i) => i.value) ??
          [],
      ),
    );
    for (const patient of ofType(dataset, 'Patient'))
      expect(numbers.has(patient.generalPractitioner?.[0]?.identifier?.value)).toBe(true);
  });
});

describe('citizens', () => {
  const patients = ofType(defaultDataset(), 'Patient');

  it('live in the 11 municipalities, with Danish names that use æ, ø and å', () => {
    const codes = new Set(MUNICIPALITIES.map((m) => m.code.padStart(4, '0')));
    for (const patient of patients)
      expect(
        codes.has(
          patient.address?.[0]?.extension?.[0]?.valueCodeableConcept?.coding?.[0]?.code ?? '',
        ),
      ).toBe(true);
    const names = patients.map((p) => p.name?.[0]?.text ?? '').join(' ');
    for (const letter of ['æ', 'ø', 'å']) expect(names.toLowerCase()).toContain(letter);
  });

  it('a few per cent have name and address protection, with the security label R', () => {
    const protectedOnes = patients.filter((p) => extension(p, Ext.nameAndAddressProtection));
    expect(protectedOnes.length).toBeGreaterThan(0);
    expect(protectedOnes.length).toBeLessThan(patients.length * 0.1);
    for (const p of protectedOnes) expect(p.meta?.security?.map((s) => s.code)).toEqual(['R']);
    for (const p of patients.filter((x) => !extension(x, Ext.nameAndAddressProtection)))
      expect(p.meta?.security).toBeUndefined();
  });
});

describe('measurements', () => {
  const dataset = defaultDataset();
  const observations = ofType(dataset, 'Observation');

  it('some arrive late: issued days after they were measured, some of those within the last day', () => {
    const late = observations.filter(
      (o) => Date.parse(o.issued ?? '') - Date.parse(o.effectiveDateTime ?? '') > DAY,
    );
    expect(late.length).toBeGreaterThan(observations.length * 0.01);
    expect(late.filter((o) => Date.parse(o.issued ?? '') > NOW - DAY).length).toBeGreaterThan(10);
  });

  it('some are extra or unexpected, and scheduled ones get missed (missing-measurement tasks)', () => {
    const timing = (o: (typeof observations)[number]) =>
      extension(o, Ext.resolvedTiming)?.extension?.find((e) => e.url === 'type')
        ?.valueCodeableConcept?.coding?.[0]?.code;
    expect(observations.filter((o) => timing(o) === 'Extra').length).toBeGreaterThan(50);
    expect(observations.filter((o) => timing(o) === 'Unresolved').length).toBeGreaterThan(0);
    const categories = ofType(dataset, 'Task').map(
      (t) => extension(t, Ext.taskCategory)?.valueCodeableConcept?.coding?.[0]?.code,
    );
    for (const category of [
      'MeasurementForAssessment',
      'MissingMeasurementResolving',
      'UnexpectedMeasurementResolving',
    ])
      expect(categories).toContain(category);
  });

  it('blood pressure is a panel of systolic and diastolic; every measurement has a client UUID identifier', () => {
    const panels = observations.filter((o) => o.code.coding?.[0]?.code === 'ZZ3170');
    expect(panels.length).toBeGreaterThan(100);
    for (const o of panels)
      expect(o.component?.map((c) => c.code.coding?.[0]?.code)).toEqual(['DNK05472', 'DNK05473']);
    const ids = new Set(observations.map((o) => o.identifier?.[0]?.value));
    expect(ids.size).toBe(observations.length);
    for (const o of observations.slice(0, 500))
      expect(o.identifier?.[0]).toMatchObject({
        system: 'urn:ietf:rfc:3986',
        value: expect.stringMatching(/^urn:uuid:/) as unknown,
      });
  });

  it('triage finds red and yellow as well as mostly green', () => {
    const findings = ofType(dataset, 'ClinicalImpression')
      .map((ci) => ci.finding?.[0]?.itemCodeableConcept?.coding?.[0]?.code)
      .filter(Boolean);
    const share = (colour: string) => findings.filter((f) => f === colour).length / findings.length;
    expect(share('green')).toBeGreaterThan(0.6);
    expect(share('yellow')).toBeGreaterThan(0.03);
    expect(share('red')).toBeGreaterThan(0.02);
  });

  it('has video appointments today and unread messages', () => {
    const today = ofType(dataset, 'Appointment').filter((a) => a.start?.startsWith('2026-03-10'));
    expect(today.length).toBeGreaterThan(3);
    const unread = ofType(dataset, 'Communication').filter(
      (c) => extension(c, Ext.administrativeStatus)?.valueCoding?.code === 'activate',
    );
    expect(unread.length).toBeGreaterThan(20);
  });
});
