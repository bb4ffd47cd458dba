import type {
  CodeableConcept,
  Coding,
  Observation,
  ObservationReferenceRange,
  Quantity,
} from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  digestOf,
  isReadableDigest,
  measurementsOf,
} from '../../../../../renderer/data/cache/bucket-digest.ts';
import type { CachedResource } from '../../../../../renderer/data/cache/contracts.ts';
import { clinicalTimeOf } from '../../../../../renderer/data/cache/resource-links.ts';
import { latestMeasurements } from '../../../../../renderer/data/model/measurements.ts';
import { measurementSeries } from '../../../../../renderer/data/model/series.ts';
import { toCodeableConcept } from '../../../../../shared/fhir/coding.ts';
import {
  ObservationCode,
  type ObservationCodeKey,
} from '../../../../../shared/fhir/observation-codes.ts';
import { observationReferenceRange } from '../../../../../shared/fhir/reference-range.ts';

// The digest must answer the measurement views exactly as the full Observations do: the
// latest values, every series and every flag, for well-formed and awkward records alike.

const KEYS = Object.keys(ObservationCode) as ObservationCodeKey[];
const unitOf = (key: ObservationCodeKey) =>
  ObservationCode[key].unit ?? { system: 'http://unitsofmeasure.org', code: '1', print: '' };

const conceptArb: fc.Arbitrary<CodeableConcept> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(...KEYS).map((key) => toCodeableConcept(ObservationCode[key])),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      coding: fc.constant([
        { system: 'urn:other', code: 'X1', display: 'Anden måling' },
      ] as Coding[]),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ text: 'Kun tekst, æøå' }) },
);

const quantityArb: fc.Arbitrary<Quantity> = fc.record(
  {
    value: fc.oneof(fc.integer({ min: 30, max: 200 }), fc.double({ min: 0, max: 50, noNaN: true })),
    unit: fc.constantFrom('mmHg', '%', 'kg', '{Number}', ' {score} '),
    system: fc.constant('http://unitsofmeasure.org'),
    code: fc.constant('mm[Hg]'),
  },
  { requiredKeys: [] },
);

const rangeArb: fc.Arbitrary<ObservationReferenceRange> = fc
  .record({
    level: fc.constantFrom('red' as const, 'yellow' as const),
    low: fc.option(fc.integer({ min: 40, max: 100 }), { nil: undefined }),
    high: fc.option(fc.integer({ min: 100, max: 180 }), { nil: undefined }),
    key: fc.constantFrom(...KEYS),
    component: fc.option(fc.constantFrom('systolic' as const, 'diastolic' as const), {
      nil: undefined,
    }),
  })
  .map(({ level, low, high, key, component }) =>
    observationReferenceRange({
      level,
      ...(low === undefined ? {} : { low }),
      ...(high === undefined ? {} : { high }),
      unit: unitOf(key),
      ...(component ? { component } : {}),
    }),
  );

const TIMES = [
  '2026-11-16T08:00:00Z',
  '2026-11-16T08:00:00+01:00',
  '2026-11-17T21:30:00.250Z',
  '2026-11-18',
  '2026-11-19T07:45:00Z',
  'not a time',
] as const;

const effectiveArb = fc.oneof(
  fc.constantFrom(...TIMES).map((t) => ({ effectiveDateTime: t })),
  fc.constantFrom(...TIMES).map((t) => ({ effectivePeriod: { start: t, end: t } })),
  fc.constantFrom(...TIMES).map((t) => ({ effectiveInstant: t })),
  // An unparseable effective with a period behind it, or only `issued`: the views and
  // the cache's filing time disagree, and both must come out as from the full record.
  fc
    .constantFrom(...TIMES)
    .map((t) => ({ effectiveDateTime: 'garbage', effectivePeriod: { start: t } })),
  fc.constantFrom(...TIMES).map((t) => ({ issued: t })),
);

const observationArb: fc.Arbitrary<Observation & { id: string }> = fc
  .record({
    id: fc.uuid(),
    status: fc.constantFrom('final', 'preliminary', 'amended', 'entered-in-error', 'cancelled'),
    code: conceptArb,
    subject: fc.option(
      fc.constantFrom({ reference: 'Patient/p1' }, { reference: 'Patient/p2' }, { display: 'x' }),
      { nil: undefined },
    ),
    effective: effectiveArb,
    valueQuantity: fc.option(quantityArb, { nil: undefined }),
    component: fc.option(
      fc.array(
        fc.record({ code: conceptArb, valueQuantity: fc.option(quantityArb, { nil: undefined }) }),
        {
          maxLength: 3,
        },
      ),
      { nil: undefined },
    ),
    referenceRange: fc.option(fc.array(rangeArb, { maxLength: 4 }), { nil: undefined }),
  })
  .map(({ effective, subject, valueQuantity, component, referenceRange, ...rest }) => ({
    resourceType: 'Observation' as const,
    ...rest,
    meta: { versionId: '1', lastUpdated: '2026-11-20T10:00:00Z' },
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${rest.id}` }],
    note: [{ text: 'Borgeren følte sig svimmel' }],
    ...effective,
    ...(subject ? { subject } : {}),
    ...(valueQuantity ? { valueQuantity } : {}),
    ...(component
      ? {
          component: component.map(({ code, valueQuantity: q }) => ({
            code,
            ...(q ? { valueQuantity: q } : {}),
          })),
        }
      : {}),
    ...(referenceRange ? { referenceRange } : {}),
  }));

/** Through the digest as the cache stores it: JSON text and back. */
function throughDigest(observations: readonly Observation[]) {
  const stored: unknown = JSON.parse(JSON.stringify(digestOf(observations as CachedResource[])));
  expect(isReadableDigest(stored)).toBe(true);
  return measurementsOf(stored as ReturnType<typeof digestOf>);
}

describe('a bucket digest', () => {
  it('gives the same latest values, series and flags as the full Observations', () => {
    fc.assert(
      fc.property(fc.array(observationArb, { maxLength: 30 }), (observations) => {
        const digested = throughDigest(observations);
        const projected = digested.map((d) => d.observation);
        expect(digested.map((d) => d.time)).toEqual(
          observations.map((o) => clinicalTimeOf(o as CachedResource)),
        );
        expect(projected.map((o) => o.id)).toEqual(observations.map((o) => o.id));
        expect(latestMeasurements(projected)).toEqual(latestMeasurements(observations));
        for (const [from, to] of [
          ['2026-11-16T00:00:00Z', '2026-11-23T00:00:00Z'],
          ['2026-11-17T00:00:00Z', '2026-11-19T00:00:00Z'],
        ] as const) {
          expect(
            measurementSeries(
              { observations: projected, carePlans: [], serviceRequests: [] },
              from,
              to,
            ),
          ).toEqual(
            measurementSeries({ observations, carePlans: [], serviceRequests: [] }, from, to),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps no identifier, note or meta, and stores repeated codes and thresholds once', () => {
    // A week of home measurements as FUT keeps them: the plan's thresholds copied into each.
    const thresholds = fc.sample(rangeArb, { numRuns: 4, seed: 7 });
    const template = fc.sample(observationArb, { numRuns: 1, seed: 3 })[0]!;
    const week = Array.from({ length: 60 }, (_, i): Observation & { id: string } => ({
      ...template,
      id: `obs-${i}`,
      code: toCodeableConcept(ObservationCode[i % 2 === 0 ? 'oxygenSaturation' : 'weight']),
      effectiveDateTime: `2026-11-${String(16 + (i % 7)).padStart(2, '0')}T08:${String(i % 60).padStart(2, '0')}:00Z`,
      valueQuantity: {
        value: 90 + (i % 9),
        unit: '%',
        system: 'http://unitsofmeasure.org',
        code: '%',
      },
      referenceRange: thresholds,
    }));
    const digest = digestOf(week);
    const text = JSON.stringify(digest);
    expect(text).not.toContain('følte');
    expect(text).not.toContain('urn:uuid:');
    expect(text).not.toContain('versionId');
    expect(digest.concepts).toHaveLength(2);
    expect(digest.ranges).toHaveLength(1);
    expect(digest.subjects.length).toBeLessThanOrEqual(1);
    expect(text.length).toBeLessThan(JSON.stringify(week).length / 4);
  });

  it('is not read when it is of another format version', () => {
    const digest = digestOf([]);
    expect(isReadableDigest(digest)).toBe(true);
    expect(isReadableDigest({ ...digest, v: 2 })).toBe(false);
    expect(isReadableDigest({ v: 1, rows: [] })).toBe(false);
    expect(isReadableDigest(null)).toBe(false);
    expect(isReadableDigest([])).toBe(false);
  });
});
