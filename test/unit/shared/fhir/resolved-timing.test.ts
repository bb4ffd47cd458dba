import type { ServiceRequest } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { resolveTiming, slotAt } from '../../../../shared/fhir/resolved-timing.ts';

const request = (occurrence: Partial<ServiceRequest>): ServiceRequest => ({
  resourceType: 'ServiceRequest',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/1' },
  ...occurrence,
});
const iso = (ms: number): string => new Date(ms).toISOString();
const at = (value: string): number => Date.parse(value);

describe('resolving a measurement regime into slots', () => {
  it('treats a request without occurrence as ad hoc', () => {
    expect(resolveTiming(request({})).kind).toBe('adhoc');
  });

  it('makes daily windows from bounds start, each expecting `frequency`', () => {
    const resolution = resolveTiming(
      request({
        occurrenceTiming: {
          repeat: {
            boundsPeriod: { start: '2025-03-01T08:00:00+01:00' },
            frequency: 2,
            period: 1,
            periodUnit: 'd',
          },
        },
      }),
    );
    expect(resolution.kind).toBe('resolved');
    const slots =
      resolution.kind === 'resolved'
        ? resolution.slots(at('2025-03-02T12:00:00Z'), at('2025-03-04T06:00:00Z'))
        : [];
    expect(slots.map((s) => [iso(s.start), iso(s.end), s.occurrences])).toEqual([
      ['2025-03-02T07:00:00.000Z', '2025-03-03T06:59:59.999Z', 2],
      ['2025-03-03T07:00:00.000Z', '2025-03-04T06:59:59.999Z', 2],
    ]);
  });

  it('makes whole days at the bounds offset for dayOfWeek regimes', () => {
    const resolution = resolveTiming(
      request({
        occurrenceTiming: {
          repeat: {
            boundsPeriod: { start: '2025-03-03T00:00:00+01:00' },
            frequency: 1,
            dayOfWeek: ['mon', 'thu'],
          },
        },
      }),
    );
    const slots =
      resolution.kind === 'resolved'
        ? resolution.slots(at('2025-03-03T00:00:00Z'), at('2025-03-10T12:00:00Z'))
        : [];
    // Monday 3 March at +01:00 begins 2 March 23:00 UTC.
    expect(slots.map((s) => iso(s.start))).toEqual([
      '2025-03-02T23:00:00.000Z',
      '2025-03-05T23:00:00.000Z',
      '2025-03-09T23:00:00.000Z',
    ]);
  });

  it('stops at the bounds end and finds the slot holding a time', () => {
    const resolution = resolveTiming(
      request({
        occurrenceTiming: {
          repeat: {
            boundsPeriod: { start: '2025-01-01T00:00:00Z', end: '2025-01-15T00:00:00Z' },
            frequency: 3,
            period: 1,
            periodUnit: 'wk',
          },
        },
      }),
    );
    const slots =
      resolution.kind === 'resolved'
        ? resolution.slots(at('2024-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))
        : [];
    expect(slots).toHaveLength(3);
    expect(slots.at(-1)?.end).toBe(at('2025-01-15T00:00:00Z'));
    expect(slotAt(resolution, at('2025-01-09T10:00:00Z'))?.start).toBe(at('2025-01-08T00:00:00Z'));
    expect(slotAt(resolution, at('2025-02-01T10:00:00Z'))).toBeUndefined();
  });

  it('calls a regime it cannot resolve unresolved', () => {
    expect(
      resolveTiming(
        request({ occurrenceTiming: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }),
      ).kind,
    ).toBe('unresolved');
    expect(
      resolveTiming(
        request({
          occurrenceTiming: {
            repeat: { boundsPeriod: { start: '2025-01-01' }, period: 1, periodUnit: 'd' },
          },
        }),
      ).kind,
    ).toBe('unresolved');
  });

  it('gives one slot for a dateTime or a period', () => {
    const single = resolveTiming(request({ occurrenceDateTime: '2025-05-01T10:00:00Z' }));
    expect(slotAt(single, at('2025-05-01T10:00:00Z'))?.occurrences).toBe(1);
    const period = resolveTiming(
      request({ occurrencePeriod: { start: '2025-05-01', end: '2025-05-03' } }),
    );
    expect(slotAt(period, at('2025-05-02T10:00:00Z'))).toBeDefined();
  });
});
