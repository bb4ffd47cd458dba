import { DOMAIN, type CacheContext } from './cache-context.ts';
import { CacheInputError } from './cache-errors.ts';
import { CACHED_TYPES, type CachedResource, type CachedType } from './contracts.ts';
import { clinicalTimeOf, episodeIdsOf, isoWeekStart, patientIdsOf } from './resource-links.ts';

/**
 * What decides where a resource is stored: the cached types, the checks a
 * resource must pass, its blind key, and the week bucket an Observation goes
 * in. The blinding is part of the stored format (docs/adr/0003, "Encryption
 * units and indexes"): changing a key here orphans every cached row.
 */

const CACHED_TYPE_SET: ReadonlySet<string> = new Set(CACHED_TYPES);

export function isCachedType(type: unknown): type is CachedType {
  return typeof type === 'string' && CACHED_TYPE_SET.has(type);
}

export function assertCachedType(type: unknown): asserts type is CachedType {
  if (!isCachedType(type))
    throw new CacheInputError(`The offline cache does not keep resources of type ${String(type)}.`);
}

export function versionOf(resource: CachedResource): string {
  return resource.meta?.versionId ?? '';
}

/** Checks a resource can be cached: a cached type, an id and a versionId. */
export function assertCacheable(resource: unknown): asserts resource is CachedResource {
  const r = resource as Partial<CachedResource> | null;
  if (typeof r !== 'object' || r === null)
    throw new CacheInputError('Only FHIR resources can be cached.');
  assertCachedType(r.resourceType);
  if (typeof r.id !== 'string' || r.id.length === 0)
    throw new CacheInputError(`A ${r.resourceType} without an id cannot be cached.`);
  const version = r.meta?.versionId;
  if (typeof version !== 'string' || version.length === 0)
    throw new CacheInputError(`A ${r.resourceType} without meta.versionId cannot be cached.`);
}

export function resourceKey(ctx: CacheContext, type: string, id: string): Promise<string> {
  return ctx.codec.blind(DOMAIN.resource, `${type}/${id}`);
}

/** The sync-state type tag: a key `Type` or `Type:…` of a cached type. */
export function syncStateType(key: string): string | undefined {
  const head = key.split(':', 1)[0];
  return isCachedType(head) ? head : undefined;
}

export interface BucketAddress {
  readonly key: string;
  readonly episode: string;
  readonly week: number;
  readonly patient: string;
}

export function bucketKey(episode: string, week: number): string {
  return `${episode}:${week}`;
}

export async function episodeBucketPrefix(ctx: CacheContext, episodeId: string): Promise<string> {
  return `e:${await ctx.codec.blind(DOMAIN.episode, episodeId)}`;
}

/** The week bucket an Observation belongs in: its first episode (else patient) × ISO week of clinical time. */
export async function bucketAddressOf(
  ctx: CacheContext,
  observation: CachedResource,
): Promise<BucketAddress> {
  const patientId = patientIdsOf(observation)[0];
  const episodeId = episodeIdsOf(observation)[0];
  const [patient, episodeBlind] = await Promise.all([
    patientId ? ctx.codec.blind(DOMAIN.patient, patientId) : Promise.resolve(''),
    episodeId ? ctx.codec.blind(DOMAIN.episode, episodeId) : Promise.resolve(''),
  ]);
  const episode = episodeBlind ? `e:${episodeBlind}` : patient ? `p:${patient}` : 'x:';
  const time = clinicalTimeOf(observation);
  const week = time === null ? 0 : isoWeekStart(time);
  return { key: bucketKey(episode, week), episode, week, patient };
}
