import type { CodeableConcept, ObservationReferenceRange, Quantity } from '@medplum/fhirtypes';
import { effectiveOf, type MeasuredObservation } from '../model/measurements.ts';
import type { CachedResource } from './contracts.ts';
import { clinicalTimeOf } from './resource-links.ts';

/**
 * A bucket's digest: its Observations cut to what the measurement views read
 * (`MeasuredObservation`), with the codes, threshold lists and subjects that
 * repeat across a week of measurements stored once. It is sealed as its own
 * unit beside the bucket's full members (docs/adr/0003), so opening a
 * citizen decrypts and parses a few kB per week instead of ~200 kB of full
 * resources; everything else (sync, outbox, a measurement's details) reads
 * the full members.
 */

export const DIGEST_VERSION = 1;

/** The table name digests are sealed for (with their bucket's key): a digest opens nowhere else. */
export const DIGEST_UNITS = 'bucket-digests';

/** One Observation: short keys, repeated parts as indexes into the digest's tables. */
interface DigestRow {
  /** id */
  readonly i: string;
  /** status */
  readonly s: MeasuredObservation['status'];
  /** subject.reference, index into `subjects` */
  readonly p?: number;
  /** code, index into `concepts` */
  readonly c?: number;
  /** The clinical time as the views read it (effectiveOf). */
  readonly t?: string;
  /** The clinical time the cache files it under (clinicalTimeOf), epoch ms. */
  readonly m: number | null;
  /** valueQuantity: value and unit only */
  readonly q?: Quantity | null;
  /** component: code (index into `concepts`) and valueQuantity */
  readonly k?: readonly { readonly c?: number; readonly q?: Quantity | null }[];
  /** referenceRange, index into `ranges` */
  readonly r?: number;
}

export interface BucketDigest {
  readonly v: typeof DIGEST_VERSION;
  readonly concepts: readonly CodeableConcept[];
  readonly ranges: readonly (readonly ObservationReferenceRange[])[];
  readonly subjects: readonly string[];
  readonly rows: readonly DigestRow[];
}

/** A measurement as the cache answers the views: the projection and the time it is filed under. */
export interface DigestedMeasurement {
  readonly observation: MeasuredObservation;
  /** clinicalTimeOf the full resource (null: undated). */
  readonly time: number | null;
}

/** Values that repeat, stored once: equal JSON is one entry. */
class Table<T> {
  readonly values: T[] = [];
  readonly #index = new Map<string, number>();

  indexOf(value: T): number {
    const json = JSON.stringify(value);
    let index = this.#index.get(json);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.#index.set(json, index);
    }
    return index;
  }
}

function quantity(value: Quantity | null | undefined): Quantity | null | undefined {
  return value === undefined || value === null ? value : { value: value.value, unit: value.unit };
}

/** Buckets hold Observations only (see docs/adr/0003-offline-cache-sync-outbox.md). */
function measuredObservationOf(member: CachedResource): MeasuredObservation {
  if (member.resourceType !== 'Observation') {
    throw new TypeError(`A bucket member must be an Observation, not ${member.resourceType}`);
  }
  return member;
}

/** The digest of a bucket's members (Observations), in member order. */
export function digestOf(members: readonly CachedResource[]): BucketDigest {
  const concepts = new Table<CodeableConcept>();
  const ranges = new Table<readonly ObservationReferenceRange[]>();
  const subjects = new Table<string>();
  const rows = members.map((member): DigestRow => {
    const observation = measuredObservationOf(member);
    const subject = observation.subject?.reference;
    const effective = effectiveOf(observation);
    return {
      i: observation.id ?? '',
      s: observation.status,
      ...(typeof subject === 'string' ? { p: subjects.indexOf(subject) } : {}),
      ...(observation.code !== undefined ? { c: concepts.indexOf(observation.code) } : {}),
      ...(effective !== null ? { t: effective } : {}),
      m: clinicalTimeOf(member),
      ...(observation.valueQuantity !== undefined
        ? { q: quantity(observation.valueQuantity) }
        : {}),
      ...(observation.component !== undefined
        ? {
            k: observation.component.map((component) => ({
              ...(component.code !== undefined ? { c: concepts.indexOf(component.code) } : {}),
              ...(component.valueQuantity !== undefined
                ? { q: quantity(component.valueQuantity) }
                : {}),
            })),
          }
        : {}),
      ...(observation.referenceRange !== undefined
        ? { r: ranges.indexOf(observation.referenceRange) }
        : {}),
    };
  });
  return {
    v: DIGEST_VERSION,
    concepts: concepts.values,
    ranges: ranges.values,
    subjects: subjects.values,
    rows,
  };
}

/** Whether an opened unit is a digest this version reads (older or newer formats fall back to the full members). */
export function isReadableDigest(value: unknown): value is BucketDigest {
  const digest = value as Partial<BucketDigest> | null;
  return (
    typeof digest === 'object' &&
    digest !== null &&
    digest.v === DIGEST_VERSION &&
    Array.isArray(digest.concepts) &&
    Array.isArray(digest.ranges) &&
    Array.isArray(digest.subjects) &&
    Array.isArray(digest.rows)
  );
}

/**
 * The measurements of a digest, in member order. Parts that repeat are
 * shared between the objects returned: the views only read them.
 */
export function measurementsOf(digest: BucketDigest): DigestedMeasurement[] {
  const { concepts, ranges, subjects } = digest;
  return digest.rows.map((row) => {
    const observation: MeasuredObservation = {
      resourceType: 'Observation',
      id: row.i,
      status: row.s,
      code: (row.c === undefined ? undefined : concepts[row.c]) as CodeableConcept,
    };
    if (row.p !== undefined) observation.subject = { reference: subjects[row.p] };
    if (row.t !== undefined) observation.effectiveDateTime = row.t;
    if (row.q !== undefined) observation.valueQuantity = row.q as Quantity;
    if (row.k !== undefined)
      observation.component = row.k.map((component) => ({
        code: (component.c === undefined ? undefined : concepts[component.c]) as CodeableConcept,
        ...(component.q !== undefined ? { valueQuantity: component.q as Quantity } : {}),
      }));
    if (row.r !== undefined)
      observation.referenceRange = ranges[row.r] as ObservationReferenceRange[];
    return { observation, time: row.m };
  });
}
