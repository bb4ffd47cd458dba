import { Dexie, type DexieOptions, type Table, type Transaction } from 'dexie';
import type { CachedType, OutboxStatus } from './contracts.ts';

/**
 * The offline cache's IndexedDB schema (docs/adr/0003), one database per
 * user. What is stored in plain: blind indexes (keyed HMACs, see
 * cache-crypto.ts), resource types, epoch-ms dates, versionIds, outbox
 * bookkeeping. Everything else is inside the sealed `data` of a row.
 */

/** One sealed resource (every cached type except Observation). */
export interface ResourceRow {
  /** blind('resource', `Type/id`). */
  readonly key: string;
  readonly type: CachedType;
  /**
   * `Type:p:<blind patient>` and `Type:e:<blind episode>` for each patient and
   * episode of care the resource refers to: one index answers byPatient and
   * byEpisode for one type.
   */
  readonly links: readonly string[];
  /** Plain: compared on every sync without decrypting. */
  readonly versionId: string;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
}

/** Observations of one episode of care in one ISO week, sealed together. */
export interface BucketRow {
  /** `<episode>:<week>`. */
  readonly key: string;
  /** `e:<blind episode>`, or `p:<blind patient>` for an Observation with no episode. */
  readonly episode: string;
  /** Monday 00:00 UTC of the week (epoch ms) of the clinical time; 0 for undated. */
  readonly week: number;
  /** blind('patient', id) or '' when the Observations name no patient. */
  readonly patient: string;
  /** Incremented by every write: a writer that read another revision retries. */
  readonly rev: number;
  /** The members' blind resource keys (same as ResourceRow.key would be); indexed `*members` in v1–v2 only. */
  readonly members: readonly string[];
  /** Member blind key → versionId, so de-duplication needs no decryption. */
  readonly versions: Readonly<Record<string, string>>;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
  /**
   * The members' digest (bucket-digest.ts), sealed as a unit of its own for
   * the table 'bucket-digests' and the same key; absent in buckets written
   * before it existed, which are read from the full members instead.
   */
  readonly digest?: {
    readonly iv: Uint8Array<ArrayBuffer>;
    readonly data: Uint8Array<ArrayBuffer>;
  };
}

/**
 * Where an Observation is (schema v3): its blind resource key → the bucket
 * holding it and its versionId, so de-duplication, `versions` and `get` are
 * primary-key reads, not multi-entry index scans.
 */
export interface LocatorRow {
  /** blind('resource', `Observation/id`). */
  readonly key: string;
  /** BucketRow.key. */
  readonly bucket: string;
  readonly versionId: string;
}

export interface SyncStateRow {
  /** blind('sync-state', key). */
  readonly key: string;
  /**
   * The resource type the state belongs to (a key `Type` or `Type:…`), so a
   * corrupt record of that type can reset its checkpoints; absent otherwise.
   */
  readonly type?: string;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
}

export interface OutboxRow {
  /** The entry's UUID (random, not clinical). */
  readonly id: string;
  readonly seq: number;
  /** blind('resource', `Type/id`) of the resource the entry changes. */
  readonly resourceKey: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly notBefore: number;
  readonly createdAt: number;
  /** Sealed kind, resource type and id, base version and payload. */
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
  /** The server's words, sealed on their own so an update needs no read-modify-write. */
  readonly problem: {
    readonly iv: Uint8Array<ArrayBuffer>;
    readonly data: Uint8Array<ArrayBuffer>;
  } | null;
}

/** `keyCheck` (a known plaintext sealed under the key) and `dropped:<uuid>` reports. */
export interface MetaRow {
  readonly name: string;
  readonly keyId?: string;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
}

/** Version 1's resource row: one untyped patient blind and the episode blinds. */
export interface ResourceRowV1 {
  readonly key: string;
  readonly type: CachedType;
  readonly patient: string | null;
  readonly episodes: readonly string[];
  readonly versionId: string;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: Uint8Array<ArrayBuffer>;
}

export const CACHE_SCHEMA_VERSION = 3;

const SCHEMA_V1 = {
  resources: '&key, type, patient, *episodes',
  buckets: '&key, [episode+week], patient, *members',
  syncState: '&key',
  outbox: '&id, seq, resourceKey, status',
  meta: '&name',
};

/**
 * Version 2 replaces `patient` and `*episodes` by one typed multi-entry index,
 * `*links`: in v1 byEpisode fetched every type's rows of an episode (an
 * episode has thousands of ClinicalImpressions and Tasks) to keep one type,
 * and a resource could name only one patient (Appointment names several).
 */
const SCHEMA_V2 = { resources: '&key, type, *links' };

/**
 * Version 3 finds Observations through `locator` (primary-key reads) and
 * drops the buckets' `*members` index: IndexedDB rewrote 5–50 index entries
 * on every bucket write, and `anyOf` over it was the slowest read of a sync.
 */
const SCHEMA_V3 = { buckets: '&key, [episode+week], patient', locator: '&key' };

export function patientLink(type: string, blindPatient: string): string {
  return `${type}:p:${blindPatient}`;
}

export function episodeLink(type: string, blindEpisode: string): string {
  return `${type}:e:${blindEpisode}`;
}

/** v1 → v2: the blinds are the same HMACs, only typed and merged, so no crypto runs in the upgrade. */
export function resourceRowV1ToV2(row: ResourceRowV1): ResourceRow {
  const { patient, episodes, ...rest } = row;
  return {
    ...rest,
    links: [
      ...(patient ? [patientLink(row.type, patient)] : []),
      ...episodes.map((episode) => episodeLink(row.type, episode)),
    ],
  };
}

async function upgradeV1ToV2(transaction: Transaction): Promise<void> {
  const table = transaction.table<ResourceRowV1 | ResourceRow, string>('resources');
  await table.toCollection().modify((row, ref) => {
    if ('links' in row) return;
    ref.value = resourceRowV1ToV2(row);
  });
}

/** v2 → v3: a locator row for every bucket member, from the plain `members` and `versions`. */
async function upgradeV2ToV3(transaction: Transaction): Promise<void> {
  const locator = transaction.table<LocatorRow, string>('locator');
  const rows: LocatorRow[] = [];
  await transaction.table<BucketRow, string>('buckets').each((bucket) => {
    for (const member of bucket.members)
      rows.push({ key: member, bucket: bucket.key, versionId: bucket.versions[member] ?? '' });
  });
  await locator.bulkPut(rows);
}

/** Declares versions 1 and 2 only: used by the upgrade test to write a v2 database. */
export function declareSchemaV2(db: Dexie): void {
  declareSchemaV1(db);
  db.version(2).stores(SCHEMA_V2).upgrade(upgradeV1ToV2);
}

/** Declares version 1 only: used by the upgrade test to write a database as the first release did. */
export function declareSchemaV1(db: Dexie): void {
  db.version(1).stores(SCHEMA_V1);
}

export class CacheDb extends Dexie {
  declare resources: Table<ResourceRow, string>;
  declare buckets: Table<BucketRow, string>;
  declare syncState: Table<SyncStateRow, string>;
  declare outbox: Table<OutboxRow, string>;
  declare meta: Table<MetaRow, string>;
  declare locator: Table<LocatorRow, string>;

  constructor(name: string, options?: DexieOptions) {
    super(name, options);
    declareSchemaV2(this);
    this.version(3).stores(SCHEMA_V3).upgrade(upgradeV2ToV3);
  }

  /** Every table, for transactions that may touch any of them. */
  get allTables(): Table[] {
    return [this.resources, this.buckets, this.locator, this.syncState, this.outbox, this.meta];
  }
}
