import { fieldsOf } from '../fhir/fhir-fields.ts';
import { referenceId } from '../model/references.ts';
import type { CachedResource } from './contracts.ts';

/**
 * What the cache indexes a resource by, read from the resource itself: the
 * patients and episodes of care it refers to, and an Observation's clinical
 * time. Only relative references count (the gateway makes FUT's references
 * relative).
 */

const DAY_MS = 86_400_000;

function referenceOf(value: unknown): string | undefined {
  const reference = fieldsOf(value).reference;
  return typeof reference === 'string' ? reference : undefined;
}

function idsIn(values: readonly unknown[], type: string): string[] {
  const ids = new Set<string>();
  for (const value of values) {
    const id = referenceId(referenceOf(value), type);
    if (id) ids.add(id);
  }
  return [...ids];
}

function list(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  return value === undefined || value === null ? [] : [value];
}

/** The patients a resource is about: itself, subject, patient, for, beneficiary, participants' actors. */
export function patientIdsOf(resource: CachedResource): string[] {
  if (resource.resourceType === 'Patient') return [resource.id];
  const r = fieldsOf(resource);
  return idsIn(
    [
      ...list(r.subject),
      ...list(r.patient),
      ...list(r.for),
      ...list(r.beneficiary),
      ...list(r.participant).map((participant) => fieldsOf(participant).actor),
    ],
    'Patient',
  );
}

/**
 * The episodes of care a resource belongs to: itself, FUT's episode
 * extensions (workflow-episodeOfCare, task-episodeOfCare: any top-level
 * extension referring to an EpisodeOfCare), `episodeOfCare`, and
 * Appointment's `supportingInformation`. Conditions are reached through
 * EpisodeOfCare.diagnosis, not by episode.
 */
export function episodeIdsOf(resource: CachedResource): string[] {
  if (resource.resourceType === 'EpisodeOfCare') return [resource.id];
  const r = fieldsOf(resource);
  return idsIn(
    [
      ...list(r.extension).map((extension) => fieldsOf(extension).valueReference),
      ...list(r.episodeOfCare),
      ...list(r.supportingInformation),
    ],
    'EpisodeOfCare',
  );
}

/** An Observation's clinical time in epoch ms (effective, else issued), or null when it has none. */
export function clinicalTimeOf(resource: CachedResource): number | null {
  const r = fieldsOf(resource);
  const period = fieldsOf(r.effectivePeriod);
  for (const candidate of [r.effectiveDateTime, period.start, r.effectiveInstant, r.issued]) {
    if (typeof candidate !== 'string') continue;
    const ms = Date.parse(candidate);
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}

/** Monday 00:00 UTC of the ISO week holding `ms`. */
export function isoWeekStart(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  // Day 0 (1 January 1970) was a Thursday: three days after a Monday.
  const sinceMonday = (((day + 3) % 7) + 7) % 7;
  return (day - sinceMonday) * DAY_MS;
}
