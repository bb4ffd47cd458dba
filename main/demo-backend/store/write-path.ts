import type { Resource } from '@medplum/fhirtypes';
import type { EngineRepository } from '../engine/engine-repository.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';
import type { IndexPlan } from './index-keys.ts';
import type { ResourceStore, StoredResource } from './resource-store.ts';
import type { SearchIndexes } from './search-indexes.ts';
import type { ServerClock } from './server-clock.ts';

/**
 * The single write path. Every create, update, patch, delete, operation and seed
 * goes through `transact` (or `seed`, its bulk form), which runs one decision at
 * a time, checks every precondition before writing anything, stamps versionId
 * and lastUpdated with server time, and updates store, indexes and engine
 * together. A batch is all-or-nothing: if storing one of its writes fails, the
 * ones before it are put back.
 */

export type WriteOp =
  | {
      readonly kind: 'put';
      /** Internal form with an id; meta.versionId / lastUpdated are the server's to set. */
      readonly resource: Resource & { readonly id: string };
      readonly service: string;
      /** `If-Match`: the version the client based this on. */
      readonly ifMatch?: number;
      /** Refuse if the resource exists (server-assigned ids never do; seeds may). */
      readonly mustBeNew?: boolean;
    }
  | {
      readonly kind: 'delete';
      readonly type: string;
      readonly id: string;
      readonly ifMatch?: number;
    };

export interface Decision<T> {
  readonly ops: readonly WriteOp[];
  /** Builds the caller's answer from what was written (same order as `ops`, deletes as undefined). */
  readonly result: (written: readonly (StoredResource | undefined)[]) => T;
}

export interface WritePathParts {
  readonly store: ResourceStore;
  readonly indexes: SearchIndexes;
  readonly plan: IndexPlan;
  readonly engine: EngineRepository;
  readonly clock: ServerClock;
}

export class WritePath {
  readonly #parts: WritePathParts;
  #queue: Promise<unknown> = Promise.resolve();
  #sequence = 0;

  constructor(parts: WritePathParts) {
    this.#parts = parts;
  }

  /**
   * Runs `decide` alone (no other write interleaves) against the current store,
   * then applies its ops atomically. `decide` may throw to refuse.
   */
  transact<T>(decide: () => Decision<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      const decision = decide();
      const written = await this.#apply(decision.ops);
      return decision.result(written);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Stores resources as given (ids, versions and times kept when valid), indexing in bulk. */
  seed(
    resources: readonly { resource: Resource & { id: string }; service: string }[],
  ): Promise<number> {
    const run = this.#queue.then(async () => {
      const { store, indexes, plan, engine, clock } = this.#parts;
      const now = clock.readMark();
      const entries: StoredResource[] = [];
      for (const { resource, service } of resources) {
        if (store.get(resource.resourceType, resource.id)) {
          throw new FhirHttpError(
            409,
            'duplicate',
            `${resource.resourceType}/${resource.id} is seeded twice.`,
          );
        }
        const versionId = Number(resource.meta?.versionId);
        const given = Date.parse(resource.meta?.lastUpdated ?? '');
        const lastUpdatedMs = Number.isFinite(given) && given <= now ? given : now;
        const entry = this.#entry(
          resource,
          service,
          Number.isInteger(versionId) && versionId > 0 ? versionId : 1,
          lastUpdatedMs,
          plan,
        );
        store.set(entry);
        entries.push(entry);
      }
      indexes.addMany(entries);
      for (const entry of entries) await engine.put(entry.resource);
      clock.advanceTo(now);
      return entries.length;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #apply(ops: readonly WriteOp[]): Promise<(StoredResource | undefined)[]> {
    const { store, indexes, plan, clock } = this.#parts;
    // Every precondition first: nothing is written unless all hold.
    const seen = new Set<string>();
    for (const op of ops) {
      const type = op.kind === 'put' ? op.resource.resourceType : op.type;
      const id = op.kind === 'put' ? op.resource.id : op.id;
      const key = `${type}/${id}`;
      if (seen.has(key))
        throw new FhirHttpError(400, 'invalid', `${key} is written twice in one request.`);
      seen.add(key);
      const current = store.get(type, id);
      if (op.kind === 'put' && op.mustBeNew && current) {
        throw new FhirHttpError(409, 'duplicate', `${key} already exists.`);
      }
      if (op.kind === 'delete' && !current)
        throw new FhirHttpError(404, 'not-found', `${key} does not exist.`);
      if (op.ifMatch !== undefined && current?.versionId !== op.ifMatch) {
        throw new FhirHttpError(
          412,
          'conflict',
          current
            ? `${key} is at version ${current.versionId}, not ${op.ifMatch} (If-Match).`
            : `${key} does not exist (If-Match).`,
        );
      }
    }
    // Store and indexes change together, synchronously: a search sees all or none.
    const applied: { before: StoredResource | undefined; after: StoredResource | undefined }[] = [];
    for (const op of ops) {
      if (op.kind === 'put') {
        const before = store.get(op.resource.resourceType, op.resource.id);
        const after = this.#entry(
          op.resource,
          op.service,
          (before?.versionId ?? 0) + 1,
          clock.stamp(),
          plan,
        );
        store.set(after);
        indexes.add(after, before);
        applied.push({ before, after });
      } else {
        const before = store.get(op.type, op.id);
        if (!before) continue;
        store.delete(op.type, op.id);
        indexes.remove(before);
        applied.push({ before, after: undefined });
      }
    }
    await this.#storeInEngine(applied);
    return applied.map(({ after }) => after);
  }

  /** Hands the batch to the engine; on failure restores store, indexes and engine. */
  async #storeInEngine(
    applied: readonly { before: StoredResource | undefined; after: StoredResource | undefined }[],
  ): Promise<void> {
    const { store, indexes, engine } = this.#parts;
    let done = 0;
    try {
      for (const { before, after } of applied) {
        if (after) await engine.put(after.resource);
        else if (before) await engine.remove(before.type, before.id);
        done++;
      }
    } catch (error) {
      for (const { before, after } of applied.slice(0, done + 1).reverse()) {
        const current = after ?? before;
        if (!current) continue;
        if (before) {
          store.set(before);
          indexes.add(before, after);
          await engine.put(before.resource).catch(() => undefined);
        } else {
          store.delete(current.type, current.id);
          indexes.remove(current);
          await engine.remove(current.type, current.id).catch(() => undefined);
        }
      }
      throw error;
    }
  }

  #entry(
    resource: Resource & { id: string },
    service: string,
    versionId: number,
    lastUpdatedMs: number,
    plan: IndexPlan,
  ): StoredResource {
    const meta = {
      ...resource.meta,
      versionId: String(versionId),
      lastUpdated: new Date(lastUpdatedMs).toISOString(),
    };
    // The write path owns what it is given (parsed bodies, clones, the seed list):
    // stamping in place saves a copy of every seeded resource. Only `meta` is
    // replaced, never mutated, so an earlier version sharing it keeps its own.
    const stamped = Object.isFrozen(resource)
      ? { ...resource, meta }
      : Object.assign(resource, { meta });
    return {
      resource: stamped,
      type: stamped.resourceType,
      id: stamped.id,
      service,
      versionId,
      lastUpdatedMs,
      sequence: ++this.#sequence,
      keys: plan.keysOf(stamped),
    };
  }
}
