import type { Condition, EpisodeOfCare, EpisodeOfCareDiagnosis } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { episodeView, inEpisodeOrder } from '../../../../../renderer/data/model/episode.ts';

// The gateway's parse checks a resource's type and id only; the rest is FHIR's
// to shape and the views read it defensively, so a record may lack a field
// FHIR calls required, such as a diagnosis's condition.
const diagnosisWithoutCondition = {} as EpisodeOfCareDiagnosis;

const episode = (id: string | undefined, extra: Partial<EpisodeOfCare> = {}): EpisodeOfCare => ({
  resourceType: 'EpisodeOfCare',
  ...(id === undefined ? {} : { id }),
  status: 'active',
  patient: { reference: 'Patient/p1' },
  ...extra,
});
const diagnosedWith = (reference: string): Partial<EpisodeOfCare> => ({
  diagnosis: [{ condition: { reference } }],
});
const copd: Condition = {
  resourceType: 'Condition',
  id: 'c1',
  subject: { reference: 'Patient/p1' },
  code: {
    text: 'KOL, svær',
    coding: [{ system: 'urn:oid:1.2.208.176.2.4', code: 'DJ44', display: 'Kronisk lungesygdom' }],
  },
};
const conditions = (...items: Condition[]) => new Map(items.map((item) => [item.id ?? '', item]));

describe('episodeView', () => {
  it('shows the forløb with its citizen, start, diagnosis and teams', () => {
    const view = episodeView(
      episode('e1', {
        status: 'onhold',
        period: { start: '2026-03-01' },
        team: [{ reference: 'CareTeam/t1' }, { reference: 'CareTeam/t2' }],
        ...diagnosedWith('Condition/c1'),
      }),
      conditions(copd),
    );
    expect(view).toEqual({
      id: 'e1',
      patientId: 'p1',
      status: 'onhold',
      diagnosisCode: 'DJ44',
      diagnosisText: 'KOL, svær',
      start: '2026-03-01',
      teamIds: ['t1', 't2'],
    });
  });

  it.each([
    ['the record’s own text first', copd.code, 'DJ44', 'KOL, svær'],
    [
      'the coding’s display without a text',
      { coding: [{ code: 'DJ44', display: 'Kronisk lungesygdom' }] },
      'DJ44',
      'Kronisk lungesygdom',
    ],
    ['a text without a coding', { text: 'Hjertesvigt' }, null, 'Hjertesvigt'],
    ['nothing for a code with neither', { coding: [{ code: 'DI50' }] }, 'DI50', ''],
    ['nothing for a condition without a code', undefined, null, ''],
  ])('names the diagnosis by %s', (_case, code, diagnosisCode, diagnosisText) => {
    const condition: Condition = { ...copd, ...(code ? { code } : { code: undefined }) };
    expect(
      episodeView(episode('e1', diagnosedWith('Condition/c1')), conditions(condition)),
    ).toMatchObject({ diagnosisCode, diagnosisText });
  });

  it.each([
    ['no diagnosis', {}],
    ['an empty diagnosis list', { diagnosis: [] }],
    ['a diagnosis without its condition', { diagnosis: [diagnosisWithoutCondition] }],
    ['a condition the caseload did not fetch', diagnosedWith('Condition/other')],
    ['a condition on a foreign server', diagnosedWith('https://x/fhir/Condition/c1')],
  ])('shows no diagnosis for %s', (_case, extra: Partial<EpisodeOfCare>) => {
    expect(episodeView(episode('e1', extra), conditions(copd))).toMatchObject({
      diagnosisCode: null,
      diagnosisText: '',
    });
  });

  it('keeps only the teams it can name, dropping foreign and odd references', () => {
    const view = episodeView(
      episode('e1', {
        team: [
          { reference: 'https://x/fhir/CareTeam/t0' },
          { reference: 'CareTeam/t1' },
          { reference: 'Organization/o1' },
          {},
        ],
      }),
      conditions(),
    );
    expect(view.teamIds).toEqual(['t1']);
  });

  it('copes with a record without id, start, teams or a relative citizen reference', () => {
    const view = episodeView(
      episode(undefined, { patient: { reference: 'https://x/fhir/Patient/1' } }),
      conditions(),
    );
    expect(view).toMatchObject({ id: '', patientId: '', start: null, teamIds: [] });
  });
});

describe('inEpisodeOrder', () => {
  const ids = (episodes: readonly EpisodeOfCare[]) => episodes.map((item) => item.id ?? '-');
  const startingOn = (id: string | undefined, start?: string) =>
    episode(id, start === undefined ? {} : { period: { start } });

  it('puts the earliest start first and the undated (or unreadable) last', () => {
    const order = inEpisodeOrder([
      startingOn('a', undefined),
      startingOn('b', '2026-05-01'),
      startingOn('c', 'not a date'),
      startingOn('d', '2025-12-31T23:00:00Z'),
      startingOn('e', '2026-01-15'),
    ]);
    expect(ids(order)).toEqual(['d', 'e', 'b', 'a', 'c']);
  });

  it('orders forløb of the same start by id, a forløb without id first', () => {
    const order = inEpisodeOrder([
      startingOn('2', '2026-01-01'),
      startingOn('1', '2026-01-01'),
      startingOn(undefined, '2026-01-01'),
      startingOn('3', '2026-01-01'),
    ]);
    expect(ids(order)).toEqual(['-', '1', '2', '3']);
  });

  // Server ids are unique, so (start, id) is a total order over what a source gives.
  it('gives one order whatever order the source gave (property)', () => {
    const episodeArb = fc.record({
      id: fc.option(fc.constantFrom('1', '2', 'A', 'b', 'z'), { nil: undefined }),
      start: fc.option(fc.constantFrom('2026-01-01', '2026-01-01T12:00:00Z', '2026-02-01', 'x'), {
        nil: undefined,
      }),
    });
    const sourceAndShuffled = fc
      .uniqueArray(episodeArb, { maxLength: 8, selector: (spec) => spec.id })
      .map((specs) => specs.map(({ id, start }) => startingOn(id, start)))
      .chain((episodes) =>
        fc.tuple(
          fc.constant(episodes),
          fc.shuffledSubarray(episodes, { minLength: episodes.length }),
        ),
      );
    fc.assert(
      fc.property(sourceAndShuffled, ([episodes, shuffled]) => {
        const order = inEpisodeOrder(episodes);
        expect(order).toHaveLength(episodes.length);
        expect(episodes.every((item) => order.includes(item))).toBe(true);
        expect(inEpisodeOrder(shuffled)).toEqual(order);
      }),
    );
  });

  it('leaves the source’s list as it was', () => {
    const episodes = [startingOn('b', '2026-02-01'), startingOn('a', '2026-01-01')];
    inEpisodeOrder(episodes);
    expect(ids(episodes)).toEqual(['b', 'a']);
  });
});
