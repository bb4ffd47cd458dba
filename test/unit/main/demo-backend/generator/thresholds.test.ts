/**
 * Thresholds in force: an Observation carries exactly the reference ranges
 * of the ServiceRequest version in force at its effective time. A change
 * mid-series ends one version (boundsPeriod.end) and starts the next
 * (boundsPeriod.start) of the same activity (same requisition id).
 */
import type { ServiceRequest } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { referenceRangesInForce } from '../../../../../shared/fhir/reference-range.ts';
import { defaultDataset, ofType } from './fixture.ts';

function versionsByActivity(requests: readonly ServiceRequest[]): Map<string, ServiceRequest[]> {
  const out = new Map<string, ServiceRequest[]>();
  for (const request of requests) {
    const key = request.requisition?.value ?? '';
    out.set(key, [...(out.get(key) ?? []), request]);
  }
  return out;
}

const start = (r: ServiceRequest): number =>
  Date.parse(r.occurrenceTiming?.repeat?.boundsPeriod?.start ?? '');
const end = (r: ServiceRequest): number =>
  Date.parse(r.occurrenceTiming?.repeat?.boundsPeriod?.end ?? '9999-12-31T00:00:00Z');

describe('thresholds in force', () => {
  const dataset = defaultDataset();
  const requests = ofType(dataset, 'ServiceRequest');
  const byId = new Map(requests.map((r) => [r.id ?? '', r]));
  const activities = versionsByActivity(requests);

  it('each Observation’s referenceRange equals the range in force on its ServiceRequest at its effective time', () => {
    let checked = 0;
    for (const observation of ofType(dataset, 'Observation')) {
      const effective = Date.parse(observation.effectiveDateTime ?? '');
      const basedOn = byId.get(
        observation.basedOn?.[0]?.reference?.replace('ServiceRequest/', '') ?? '',
      );
      expect(basedOn, observation.id).toBeDefined();
      if (!basedOn) continue;
      const inForce = (activities.get(basedOn.requisition?.value ?? '') ?? []).filter(
        (v) => start(v) <= effective && effective < end(v),
      );
      expect(
        inForce.map((v) => v.id),
        observation.id,
      ).toEqual([basedOn.id]);
      expect(observation.referenceRange ?? [], observation.id).toEqual(
        referenceRangesInForce(basedOn),
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('some thresholds change mid-series, and the measurements on either side carry different ranges', () => {
    const changed = [...activities.values()].filter((versions) => versions.length > 1);
    expect(changed.length).toBeGreaterThan(50);
    const versionIds = new Set(
      changed.flatMap((versions) => versions.map((v) => `ServiceRequest/${v.id ?? ''}`)),
    );
    const rangesBySeries = new Map<string, Set<string>>();
    for (const observation of ofType(dataset, 'Observation')) {
      const reference = observation.basedOn?.[0]?.reference ?? '';
      if (!versionIds.has(reference)) continue;
      const key = byId.get(reference.replace('ServiceRequest/', ''))?.requisition?.value ?? '';
      rangesBySeries.set(
        key,
        (rangesBySeries.get(key) ?? new Set()).add(JSON.stringify(observation.referenceRange)),
      );
    }
    expect([...rangesBySeries.values()].filter((ranges) => ranges.size > 1).length).toBeGreaterThan(
      20,
    );
  });

  it('the versions of an activity follow each other without gap or overlap, the earlier ones completed', () => {
    for (const versions of activities.values()) {
      const ordered = [...versions].sort((a, b) => start(a) - start(b));
      for (let i = 1; i < ordered.length; i++) {
        const [previous, next] = [ordered[i - 1], ordered[i]];
        if (!previous || !next) continue;
        expect(end(previous)).toBe(start(next));
        expect(previous.status).toBe('completed');
        expect(JSON.stringify(referenceRangesInForce(previous))).not.toBe(
          JSON.stringify(referenceRangesInForce(next)),
        );
      }
    }
  });
});
