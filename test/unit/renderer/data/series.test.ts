import type { CarePlan, Observation, ServiceRequest, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { expectedIntervalMs, measurementSeries } from '../../../../renderer/data/model/series.ts';
import { openTaskViews } from '../../../../renderer/data/model/tasks.ts';
import { ObservationCode } from '../../../../shared/fhir/observation-codes.ts';
import { Ext } from '../../../../shared/fhir/profiles.ts';
import {
  observationReferenceRange,
  referenceRangeExtension,
} from '../../../../shared/fhir/reference-range.ts';

const DAY = 86_400_000;
const FROM = '2026-11-01T00:00:00Z';
const TO = '2026-11-26T12:00:00Z';
const at = (day: number) => new Date(Date.parse(FROM) + day * DAY + 8 * 3_600_000).toISOString();
const weightUnit = ObservationCode.weight.unit ?? { system: '', code: '', print: '' };
const mmHg = ObservationCode.systolic.unit ?? { system: '', code: '', print: '' };

const weight = (id: string, day: number, value: number, extra: Partial<Observation> = {}) =>
  ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: {
      coding: [{ system: ObservationCode.weight.system, code: ObservationCode.weight.code }],
    },
    effectiveDateTime: at(day),
    valueQuantity: { value, unit: 'kg' },
    ...extra,
  }) as Observation;

const bloodPressure = (id: string, day: number, systolic: number, diastolic: number | null) =>
  ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: {
      coding: [
        {
          system: ObservationCode.homeBloodPressure.system,
          code: ObservationCode.homeBloodPressure.code,
        },
      ],
    },
    effectiveDateTime: at(day),
    component: [
      {
        code: {
          coding: [
            { system: ObservationCode.systolic.system, code: ObservationCode.systolic.code },
          ],
        },
        valueQuantity: { value: systolic, unit: 'mmHg' },
      },
      ...(diastolic === null
        ? []
        : [
            {
              code: {
                coding: [
                  {
                    system: ObservationCode.diastolic.system,
                    code: ObservationCode.diastolic.code,
                  },
                ],
              },
              valueQuantity: { value: diastolic, unit: 'mmHg' },
            },
          ]),
    ],
    referenceRange: [
      observationReferenceRange({
        level: 'red',
        low: 85,
        high: 180,
        unit: mmHg,
        component: 'systolic',
      }),
    ],
  }) as Observation;

const weightRequest: ServiceRequest = {
  resourceType: 'ServiceRequest',
  id: 'sr-w',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  authoredOn: '2026-10-01T00:00:00Z',
  code: { coding: [{ system: ObservationCode.weight.system, code: ObservationCode.weight.code }] },
  occurrenceTiming: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
  extension: [
    referenceRangeExtension({ level: 'yellow', low: 70, high: 90, unit: weightUnit }),
    referenceRangeExtension({ level: 'red', low: 65, high: 95, unit: weightUnit }),
  ],
};
const pulseRequest: ServiceRequest = {
  ...weightRequest,
  id: 'sr-p',
  code: { coding: [{ system: ObservationCode.pulse.system, code: ObservationCode.pulse.code }] },
  extension: [],
};
const questionnaireRequest: ServiceRequest = {
  ...weightRequest,
  id: 'sr-q',
  code: { coding: [{ system: 'http://snomed.info/sct', code: '445988008' }] },
};
const plan = (status: CarePlan['status'], ids: string[]): CarePlan => ({
  resourceType: 'CarePlan',
  id: `cp-${status}`,
  status,
  intent: 'plan',
  subject: { reference: 'Patient/p1' },
  activity: ids.map((id) => ({ reference: { reference: `ServiceRequest/${id}` } })),
});

describe('measurementSeries', () => {
  it('one series per type, planned first in plan order, with the plan’s thresholds and unit', () => {
    const series = measurementSeries(
      {
        observations: [weight('w2', 2, 80), weight('w1', 1, 81), bloodPressure('b1', 3, 140, 90)],
        carePlans: [plan('active', ['sr-q', 'sr-p', 'sr-w'])],
        serviceRequests: [weightRequest, pulseRequest, questionnaireRequest],
      },
      FROM,
      TO,
    );
    expect(series.map((s) => s.codeKey)).toEqual(['pulse', 'weight', 'homeBloodPressure']);
    const [pulse, w, bp] = series;
    expect(pulse?.planned).toBe(true);
    expect(pulse?.points).toEqual([]);
    expect(w?.unit).toBe('kg');
    expect(w?.points.map((p) => p.observationId)).toEqual(['w1', 'w2']);
    expect(w?.lines[0]?.thresholds).toEqual([
      { level: 'red', low: 65, high: 95 },
      { level: 'yellow', low: 70, high: 90 },
    ]);
    // Daily plan: a line breaks after 1.5 days plus slack.
    expect(w?.gapMs).toBe(1.5 * DAY + 6 * 3_600_000);
    // Unplanned panel: components as lines, thresholds from the newest measurement's copied ranges.
    expect(bp?.planned).toBe(false);
    expect(bp?.lines.map((l) => l.componentKey)).toEqual(['systolic', 'diastolic']);
    expect(bp?.lines[0]?.thresholds).toEqual([{ level: 'red', low: 85, high: 180 }]);
    expect(bp?.lines[1]?.thresholds).toEqual([]);
    expect(bp?.unit).toBe('mmHg');
  });

  it('leaves out measurements outside the period, entered in error or cancelled, and inactive plans', () => {
    const series = measurementSeries(
      {
        observations: [
          weight('before', -1, 80),
          weight('ok', 0, 80),
          weight('err', 1, 80, { status: 'entered-in-error' }),
          weight('cancel', 2, 80, { status: 'cancelled' }),
          weight('after', 40, 80),
        ],
        carePlans: [plan('completed', ['sr-p'])],
        serviceRequests: [pulseRequest],
      },
      FROM,
      TO,
    );
    expect(series).toHaveLength(1);
    expect(series[0]?.points.map((p) => p.observationId)).toEqual(['ok']);
    expect(series[0]?.planned).toBe(false);
  });

  it('keeps a missing component as null, so the chart shows a gap there', () => {
    const [bp] = measurementSeries(
      {
        observations: [bloodPressure('b1', 1, 140, 90), bloodPressure('b2', 2, 150, null)],
        carePlans: [],
        serviceRequests: [],
      },
      FROM,
      TO,
    );
    expect(bp?.points.map((p) => p.values)).toEqual([
      [140, 90],
      [150, null],
    ]);
    expect(bp?.points[0]?.flag).toBe('green');
  });

  it('gives the same answer whatever order the resources come in', () => {
    const resources = {
      observations: [weight('w1', 1, 81), weight('w2', 2, 80), bloodPressure('b1', 3, 140, 90)],
      carePlans: [plan('active', ['sr-w', 'sr-p'])],
      serviceRequests: [weightRequest, pulseRequest],
    };
    const reversed = {
      observations: [...resources.observations].reverse(),
      carePlans: resources.carePlans,
      serviceRequests: [...resources.serviceRequests].reverse(),
    };
    expect(measurementSeries(reversed, FROM, TO)).toEqual(measurementSeries(resources, FROM, TO));
  });

  it('reads the schedule: weekly on two days is every 3.5 days', () => {
    expect(
      expectedIntervalMs({
        repeat: { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['mon', 'thu'] },
      }),
    ).toBe(3.5 * DAY);
    expect(expectedIntervalMs({ repeat: { frequency: 2, period: 1, periodUnit: 'd' } })).toBe(
      DAY / 2,
    );
    expect(expectedIntervalMs(undefined)).toBeNull();
  });
});

describe('openTaskViews', () => {
  const task = (
    id: string,
    status: Task['status'],
    priority: Task['priority'],
    authoredOn: string,
  ): Task => ({
    resourceType: 'Task',
    id,
    meta: { versionId: '3' },
    status,
    intent: 'order',
    priority,
    authoredOn,
    extension: [
      { url: Ext.taskEpisodeOfCare, valueReference: { reference: 'EpisodeOfCare/e1' } },
      {
        url: Ext.taskCategory,
        valueCodeableConcept: {
          coding: [{ code: 'MeasurementForAssessment', display: 'Need assessment' }],
        },
      },
    ],
    note: [
      {
        text: 'Ring til borgeren',
        time: '2026-11-25T10:00:00Z',
        authorReference: { reference: 'Practitioner/x' },
      },
    ],
  });

  it('keeps open tasks, most pressing then longest waiting first, with what an acknowledgement needs', () => {
    const views = openTaskViews([
      task('t1', 'ready', 'routine', '2026-11-20T10:00:00Z'),
      task('t2', 'completed', 'stat', '2026-11-20T10:00:00Z'),
      task('t3', 'ready', 'urgent', '2026-11-25T10:00:00Z'),
      task('t4', 'in-progress', 'routine', '2026-11-10T10:00:00Z'),
      task('t1', 'ready', 'routine', '2026-11-20T10:00:00Z'),
    ]);
    expect(views.map((v) => v.id)).toEqual(['t3', 't4', 't1']);
    expect(views[0]).toMatchObject({
      versionId: '3',
      episodeId: 'e1',
      category: { code: 'MeasurementForAssessment', text: 'Need assessment' },
      notes: [{ text: 'Ring til borgeren', author: 'Practitioner/x' }],
    });
  });
});
