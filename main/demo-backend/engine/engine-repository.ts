import { Operator } from '@medplum/core';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';

/**
 * Medplum's MemoryRepository as the store of record, written only by the demo
 * back end's write path with versions and timestamps already stamped.
 *
 * Its public `createResource` round-trips every resource through
 * `JSON.parse(stringify())` and a deep clone (≈ 55 µs each: 11 s for 200k seeds)
 * and keeps a second copy of everything. When its two maps are where this
 * version keeps them (checked at start-up with a probe that must then be found
 * by Medplum's own read and search), resources are put into them directly: one
 * copy, shared with the HTTP layer's store. Otherwise the public API is used.
 * Stored objects are never mutated afterwards, by Medplum or by us.
 */

type TypeMap<T> = Map<string, Map<string, T>>;

interface Internals {
  readonly resources: TypeMap<Resource>;
  readonly history: TypeMap<Resource[]>;
}

function internalsOf(repo: MemoryRepository): Internals | undefined {
  const candidate = repo as unknown as Partial<Record<'resources' | 'history', unknown>>;
  return candidate.resources instanceof Map && candidate.history instanceof Map
    ? (candidate as Internals)
    : undefined;
}

export class EngineRepository {
  readonly repo: MemoryRepository;
  readonly router: FhirRouter;
  readonly #internals: Internals | undefined;

  private constructor(repo: MemoryRepository, internals: Internals | undefined) {
    this.repo = repo;
    this.router = new FhirRouter();
    this.#internals = internals;
  }

  /** Creates the repository and decides, by probing, how resources go into it. */
  static async create(): Promise<EngineRepository> {
    const repo = new MemoryRepository();
    const internals = internalsOf(repo);
    const engine = new EngineRepository(
      repo,
      internals && (await probe(repo, internals)) ? internals : undefined,
    );
    return engine;
  }

  /** True when resources are shared with Medplum's maps rather than copied through its API. */
  get sharesStorage(): boolean {
    return this.#internals !== undefined;
  }

  /** Stores this exact version as current (meta already stamped by the write path). */
  async put(resource: Resource & { id: string }): Promise<void> {
    const internals = this.#internals;
    if (internals) {
      putDirect(internals, resource);
      return;
    }
    await this.repo.withSeeding(() => this.repo.createResource(resource, undefined, true));
  }

  /** Removes the current version (its history stays readable by vread, as Medplum does). */
  async remove(type: string, id: string): Promise<void> {
    const internals = this.#internals;
    if (internals) {
      internals.resources.get(type)?.delete(id);
      return;
    }
    await this.repo.deleteResource(type, id);
  }
}

function putDirect(internals: Internals, resource: Resource & { id: string }): void {
  const { resourceType, id } = resource;
  let current = internals.resources.get(resourceType);
  if (!current) {
    current = new Map();
    internals.resources.set(resourceType, current);
  }
  current.set(id, resource);
  let typeHistory = internals.history.get(resourceType);
  if (!typeHistory) {
    typeHistory = new Map();
    internals.history.set(resourceType, typeHistory);
  }
  const versions = typeHistory.get(id);
  if (versions) versions.push(resource);
  else typeHistory.set(id, [resource]);
}

/** Puts a probe in directly and requires Medplum's read, vread and search to see it. */
async function probe(repo: MemoryRepository, internals: Internals): Promise<boolean> {
  const probeResource = {
    resourceType: 'Basic',
    id: 'demo-backend-storage-probe',
    meta: { versionId: '1', lastUpdated: new Date(0).toISOString() },
    code: { text: 'probe' },
  } as const;
  try {
    putDirect(internals, probeResource);
    const read = await repo.readResource('Basic', probeResource.id);
    const version = await repo.readVersion('Basic', probeResource.id, '1');
    const found = await repo.search({
      resourceType: 'Basic',
      filters: [{ code: '_id', operator: Operator.EQUALS, value: probeResource.id }],
    });
    return (
      read.id === probeResource.id && version.id === probeResource.id && found.entry?.length === 1
    );
  } catch {
    return false;
  } finally {
    internals.resources.get('Basic')?.delete(probeResource.id);
    internals.history.get('Basic')?.delete(probeResource.id);
  }
}
