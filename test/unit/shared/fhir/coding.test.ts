import { describe, expect, it } from 'vitest';
import { hasCode, isCode } from '../../../../shared/fhir/coding.ts';
import { ReferenceRangeType } from '../../../../shared/fhir/codes-care.ts';
import { careTeamRoleForOioBpp, CareTeamRole } from '../../../../shared/fhir/codes-organization.ts';
import { observationCodeKey, ObservationCode } from '../../../../shared/fhir/observation-codes.ts';

const red = ReferenceRangeType.RELRAL;

describe('isCode and hasCode: same system and same code', () => {
  it.each([
    ['the same system and code', { system: red.system, code: red.code }, true],
    ['another code in the system', { system: red.system, code: 'RELGAL' }, false],
    ['the code in another system', { system: 'urn:other', code: red.code }, false],
    ['the code without a system', { code: red.code }, false],
    ['no coding at all', undefined, false],
  ])('%s → %s', (_case, coding, expected) => {
    expect(isCode(coding, red)).toBe(expected);
  });

  it('finds the code among several codings of a concept', () => {
    expect(hasCode({ coding: [{ system: 'urn:x', code: 'a' }, { ...red }] }, red)).toBe(true);
    expect(hasCode({ coding: [{ system: 'urn:x', code: red.code }] }, red)).toBe(false);
  });

  it('is false, without failing, for a concept with only text, an empty one or none', () => {
    expect(hasCode({ text: 'rød' }, red)).toBe(false);
    expect(hasCode({ coding: [] }, red)).toBe(false);
    expect(hasCode(undefined, red)).toBe(false);
  });
});

describe('observationCodeKey', () => {
  const weight = ObservationCode.weight;

  it('knows a code only in its own system', () => {
    expect(observationCodeKey(weight.system, weight.code)).toBe('weight');
    expect(observationCodeKey('urn:other', weight.code)).toBeUndefined();
    expect(observationCodeKey(weight.system, 'NPU00000')).toBeUndefined();
    expect(observationCodeKey(undefined, undefined)).toBeUndefined();
  });
});

describe('careTeamRoleForOioBpp: legacy and current role codes', () => {
  const key = 'monitoring_adjuster';
  const legacy = `http://ehealth.seb.dk/roles/usersystemrole/${key}/1`;

  it('accepts the legacy form only whole', () => {
    expect(careTeamRoleForOioBpp(legacy)).toBe(CareTeamRole[key]);
    expect(careTeamRoleForOioBpp(`x${legacy}`)).toBeUndefined();
    expect(careTeamRoleForOioBpp(`${legacy}/extra`)).toBeUndefined();
    expect(careTeamRoleForOioBpp(`${legacy}2`)).toBeUndefined();
  });

  it('refuses a code of neither form, and suffixes that are not roles', () => {
    expect(careTeamRoleForOioBpp(key)).toBeUndefined();
    expect(careTeamRoleForOioBpp('')).toBeUndefined();
    expect(careTeamRoleForOioBpp('http://ehealth.seb.dk/roles/usersystemrole/nobody/1')).toBe(
      undefined,
    );
  });
});
