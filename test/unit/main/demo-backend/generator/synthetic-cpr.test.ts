import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCpr } from '../../../../../shared/domain/cpr.ts';
import { CPR_SYSTEM } from '../../../../../shared/domain/cpr.ts';
import { generateDemoDataset } from '../../../../../main/demo-backend/generator/dataset.ts';
import { createRng } from '../../../../../main/demo-backend/generator/random.ts';
import {
  syntheticBirthDate,
  syntheticCpr,
} from '../../../../../main/demo-backend/generator/synthetic-cpr.ts';
import { ANCHOR, defaultDataset, ofType } from './fixture.ts';

/** A CPR that no real person can have: parses, born before 2007-10-01, not 1 January, fails modulus 11. */
function expectSynthetic(digits: string, birthDate: string, gender: string | undefined): void {
  const cpr = parseCpr(digits);
  expect(cpr, digits).not.toBeNull();
  if (!cpr) return;
  expect(cpr.birthDate).toBe(birthDate);
  expect(cpr.birthDate < '2007-10-01').toBe(true);
  expect(cpr.birthDate.slice(5)).not.toBe('01-01');
  expect(cpr.passesModulus11, digits).toBe(false);
  if (gender) expect(cpr.sex).toBe(gender);
}

describe('synthetic CPR numbers cannot belong to a real person', () => {
  it('holds for every citizen of the default dataset, and no two share a CPR', () => {
    const patients = ofType(defaultDataset(), 'Patient');
    const seen = new Set<string>();
    for (const patient of patients) {
      const identifiers = patient.identifier?.filter((i) => i.system === CPR_SYSTEM) ?? [];
      expect(identifiers).toHaveLength(1);
      const digits = identifiers[0]?.value ?? '';
      expectSynthetic(digits, patient.birthDate ?? '', patient.gender);
      expect(seen.has(digits)).toBe(false);
      seen.add(digits);
    }
    expect(seen.size).toBe(patients.length);
  });

  it('holds for any seed, birth date and sex (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.date({
          min: new Date('1880-01-02T00:00:00Z'),
          max: new Date('2007-09-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom<'female' | 'male'>('female', 'male'),
        (seed, date, sex) => {
          const birthDate = date.toISOString().slice(0, 10);
          fc.pre(!birthDate.endsWith('-01-01'));
          expectSynthetic(syntheticCpr(createRng(seed), birthDate, sex), birthDate, sex);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('draws allowed birth dates for any seed and age range, whatever the anchor (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 2000, max: 2090 }),
        (seed, minAge, year) => {
          const date = syntheticBirthDate(createRng(seed), `${year}-06-15`, minAge, minAge + 10);
          expect(date < '2007-10-01').toBe(true);
          expect(date.slice(5)).not.toBe('01-01');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('holds for the citizens of many small datasets (property over seeds)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const dataset = generateDemoDataset({ seed, anchor: ANCHOR, citizens: 4, historyDays: 5 });
        for (const patient of ofType(dataset, 'Patient'))
          expectSynthetic(
            patient.identifier?.[0]?.value ?? '',
            patient.birthDate ?? '',
            patient.gender,
          );
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a birth date that would make a real-looking CPR', () => {
    expect(() => syntheticCpr(createRng(1), '2007-10-01', 'male')).toThrow();
    expect(() => syntheticCpr(createRng(1), '1950-01-01', 'female')).toThrow();
  });
});
