import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIds, referenceId } from '../../../../../renderer/data/model/references.ts';

const fhirId = fc
  .stringMatching(/^[A-Za-z0-9\-.]{1,64}$/)
  .filter((id) => id !== '.' && id !== '..');

describe('referenceId', () => {
  it('reads the id of any relative reference of the asked type, and of no other (property)', () => {
    fc.assert(
      fc.property(fhirId, (id) => {
        expect(referenceId(`Patient/${id}`, 'Patient')).toBe(id);
        expect(referenceId(`Patient/${id}/_history/3`, 'Patient')).toBe(id);
        expect(referenceId(`Group/${id}`, 'Patient')).toBeNull();
        expect(referenceId(`https://x/fhir/Patient/${id}`, 'Patient')).toBeNull();
      }),
    );
  });

  it.each([
    ['an id of 64 characters', `Patient/${'a'.repeat(64)}`, 'a'.repeat(64)],
    ['an id with dots and dashes', 'Patient/pat-1.2', 'pat-1.2'],
    ['an id of 65 characters', `Patient/${'a'.repeat(65)}`, null],
    ['an empty id', 'Patient/', null],
    ['a path segment "."', 'Patient/.', null],
    ['a path segment ".."', 'Patient/..', null],
    ['a space before the id', 'Patient/ 1', null],
    ['an encoded character after the id', 'Patient/1%2F', null],
    ['a search instead of an id', 'Patient?identifier=x', null],
    ['a type that only starts like the asked one', 'PatientX/1', null],
    ['a type in other case', 'patient/1', null],
  ])('%s: %s', (_case, reference, id) => {
    expect(referenceId(reference, 'Patient')).toBe(id);
  });
});

describe('compareIds', () => {
  // Array.prototype.sort without a comparator is code-unit order: the oracle.
  it('orders ids by code unit, equal ids the same, whatever the locale (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const first = [a, b].sort()[0];
        expect(Math.sign(compareIds(a, b))).toBe(a === b ? 0 : first === a ? -1 : 1);
        expect(compareIds(a, a)).toBe(0);
      }),
    );
  });
});
