import type { Address, HumanName, Identifier, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { patientView } from '../../../../../renderer/data/model/patient.ts';
import { CPR_SYSTEM } from '../../../../../shared/domain/cpr.ts';
import { Ext } from '../../../../../shared/fhir/profiles.ts';

const TODAY = '2026-11-26';
const citizen = (extra: Partial<Patient> = {}): Patient => ({
  resourceType: 'Patient',
  id: 'p1',
  ...extra,
});
const home: Address = { use: 'home', line: ['Vestergade 66'], postalCode: '9210', city: 'Aalborg' };

describe('patientView: name', () => {
  it.each<[string, HumanName[], string]>([
    [
      'the official name before an earlier one',
      [
        { use: 'usual', text: 'Bette' },
        { use: 'official', text: 'Birte Olsen' },
      ],
      'Birte Olsen',
    ],
    [
      'the first name when none is official',
      [
        { use: 'usual', text: 'Bette' },
        { use: 'old', text: 'Birte Hansen' },
      ],
      'Bette',
    ],
    [
      'given names then family when there is no text',
      [{ given: ['Anne', 'Marie'], family: 'Olsen' }],
      'Anne Marie Olsen',
    ],
    ['the family name alone', [{ family: 'Olsen' }], 'Olsen'],
    ['the given name alone', [{ given: ['Anne'] }], 'Anne'],
    ['nothing for an empty name', [{}], ''],
  ])('shows %s', (_case, name, shown) => {
    expect(patientView(citizen({ name }), TODAY).name).toBe(shown);
  });
});

describe('patientView: CPR and age', () => {
  it('reads the CPR identifier among others, formats it and derives the birth date from it', () => {
    const identifier: Identifier[] = [
      { system: 'urn:oid:1.2.208.176.1.1', value: '0000001' },
      { system: CPR_SYSTEM, value: '1504591234' },
    ];
    expect(patientView(citizen({ identifier }), TODAY)).toMatchObject({
      cpr: '150459-1234',
      birthDate: '1959-04-15',
      age: 67,
    });
  });

  it('prefers the record’s birth date to the one in the CPR', () => {
    const view = patientView(
      citizen({
        identifier: [{ system: CPR_SYSTEM, value: '1504591234' }],
        birthDate: '1959-04-16',
      }),
      '2026-04-15',
    );
    expect(view).toMatchObject({ birthDate: '1959-04-16', age: 66 });
  });

  it('shows no CPR when the citizen has identifiers of other systems only', () => {
    const view = patientView(
      citizen({ identifier: [{ system: 'urn:oid:1.2.208.176.1.1', value: '0000001' }] }),
      TODAY,
    );
    expect(view).toMatchObject({ cpr: '', birthDate: null, age: null });
  });

  it('copes with a record without id', () => {
    expect(patientView({ resourceType: 'Patient' }, TODAY).id).toBe('');
  });
});

describe('patientView: address and protection', () => {
  it.each<[string, Address[], string | null]>([
    [
      'the home address before an earlier one',
      [{ use: 'work', city: 'Aarhus' }, home],
      'Vestergade 66, 9210 Aalborg',
    ],
    [
      'the first address when none is home',
      [
        { use: 'work', city: 'Aarhus' },
        { use: 'temp', city: 'Odense' },
      ],
      'Aarhus',
    ],
    [
      'every street line',
      [{ line: ['Vestergade 66', '1. th'], postalCode: '9210' }],
      'Vestergade 66, 1. th, 9210',
    ],
    [
      'postal code and city without a street',
      [{ postalCode: '9210', city: 'Aalborg' }],
      '9210 Aalborg',
    ],
    [
      'the city without a postal code',
      [{ line: ['Vestergade 66'], city: 'Aalborg' }],
      'Vestergade 66, Aalborg',
    ],
    ['nothing for an empty address', [{ use: 'home' }], null],
  ])('shows %s', (_case, address, shown) => {
    expect(patientView(citizen({ address }), TODAY).address).toBe(shown);
  });

  it.each<[string, Partial<Patient>, boolean]>([
    [
      'a restricted label among others',
      { meta: { security: [{ code: 'N' }, { code: 'R' }] } },
      true,
    ],
    ['a normal label', { meta: { security: [{ code: 'N' }] } }, false],
    ['a meta without labels', { meta: { versionId: '2' } }, false],
    [
      'the protection extension among others',
      {
        extension: [
          { url: Ext.interpreterRequired, valueBoolean: true },
          { url: Ext.nameAndAddressProtection },
        ],
      },
      true,
    ],
    ['an unknown extension', { extension: [{ url: 'urn:other', valueBoolean: true }] }, false],
  ])('a record with %s is protected (address hidden): %j', (_case, extra, isProtected) => {
    expect(patientView(citizen({ address: [home], ...extra }), TODAY)).toMatchObject({
      protected: isProtected,
      address: isProtected ? null : 'Vestergade 66, 9210 Aalborg',
    });
  });
});
