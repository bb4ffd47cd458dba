import type { ClinicalImpression, Task } from '@medplum/fhirtypes';
import type { CachedResource, OutboxEntry, OutboxStore } from '../cache/contracts.ts';
import { FhirError, type FhirClient } from '../fhir/fhir-client.ts';
import { bundleResources, isIdentifiedResourceOf, isResourceOf } from '../fhir/fhir-parse.ts';
import {
  encodeProblem,
  IDENTIFIER_SYSTEM,
  isLocalVersion,
  sourceOf,
  taskPatch,
  type ConflictCode,
  type SetValidityPayload,
  type SubmitMeasurementPayload,
  type TaskChangePayload,
} from './entries.ts';

/**
 * The outbox sender (docs/adr/0003, "Outbox"): drains entries in order per
 * resource, one attempt at a time, and records every outcome on the entry
 * before it moves on, so a sender killed at any point resumes correctly:
 *
 * - an entry is marked `uncertain` before its request leaves; an uncertain
 *   create (measurement, validity change) is first looked for by its client
 *   identifier and only re-sent if the server does not have it;
 * - a Task change is a JSON Patch with `If-Match` that writes the entry id to
 *   `meta.source`: a 412 whose winning version carries our id is our own
 *   committed write, not a conflict;
 * - conflicts follow the policy per type (a Task a colleague completed is not
 *   overwritten; notes are appended to the server's notes and re-sent);
 * - a 4xx refusal keeps the entry (needs-attention) with the server's words;
 * - network errors, 5xx and unreadable answers back off exponentially.
 */

export interface SenderOptions {
  readonly store: OutboxStore;
  readonly client: FhirClient;
  readonly now?: () => number;
  /** Delay before attempt n+1 after n failed attempts (ms). */
  readonly backoff?: (attempts: number) => number;
}

export interface DrainReport {
  readonly sent: number;
  readonly failed: number;
  /** The last failure's words (network or refusal), or null. */
  readonly lastError: string | null;
  /** Earliest time a waiting entry may be retried (epoch ms), or null if none waits. */
  readonly nextAttemptAt: number | null;
}

export function defaultBackoff(attempts: number): number {
  return Math.min(300_000, 1_000 * 2 ** Math.max(0, attempts - 1));
}

/** How many fresh reads-and-retries one attempt makes on a conflict before backing off. */
const CONFLICT_ROUNDS = 3;
/** Versions read back when looking for our own committed write in a Task's history. */
const HISTORY_LOOKBACK = 20;

type Outcome =
  | { readonly kind: 'done'; readonly resources: readonly CachedResource[] }
  | { readonly kind: 'attention'; readonly conflict: ConflictCode | null; readonly text: string };

function keyOf(entry: Pick<OutboxEntry, 'resourceType' | 'resourceId'>): string {
  return `${entry.resourceType}/${entry.resourceId}`;
}

function versionOf(resource: { meta?: { versionId?: string } } | null | undefined): string | null {
  return resource?.meta?.versionId ?? null;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

/** Whether a failure leaves it open whether the server committed the write. */
function uncertainFailure(error: unknown): error is FhirError {
  return (
    error instanceof FhirError &&
    (error.kind === 'unreachable' || error.kind === 'invalid-response' || error.status >= 500)
  );
}

function words(error: unknown): string {
  if (error instanceof FhirError) return error.diagnostics ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

export class OutboxSender {
  readonly #store: OutboxStore;
  readonly #client: FhirClient;
  readonly #now: () => number;
  readonly #backoff: (attempts: number) => number;
  /** Server versionIds learnt while draining (Task/1 → "5"): newer than an entry's recorded base. */
  readonly #known = new Map<string, string>();

  constructor(options: SenderOptions) {
    this.#store = options.store;
    this.#client = options.client;
    this.#now = options.now ?? Date.now;
    this.#backoff = options.backoff ?? defaultBackoff;
  }

  /**
   * Sends every entry that may be sent now, in order per resource; stops early
   * when aborted. `ignoreBackoff`: entries in a retry pause go too (the user asked).
   */
  async drain(signal?: AbortSignal, ignoreBackoff = false): Promise<DrainReport> {
    let sent = 0;
    let failed = 0;
    let lastError: string | null = null;
    const tried = new Set<string>();
    for (;;) {
      signal?.throwIfAborted();
      const entries = await this.#store.list();
      const next = this.#nextSendable(entries, tried, ignoreBackoff);
      if (!next) {
        return { sent, failed, lastError, nextAttemptAt: this.#nextAttemptAt(entries) };
      }
      tried.add(next.id);
      const failure = await this.#attempt(next, signal);
      if (failure === null) sent++;
      else {
        failed++;
        lastError = failure.failed;
      }
    }
  }

  /** The first entry of each resource, if it may go now (later ones wait for it). */
  #nextSendable(
    entries: readonly OutboxEntry[],
    tried: ReadonlySet<string>,
    ignoreBackoff: boolean,
  ): OutboxEntry | undefined {
    const seen = new Set<string>();
    const now = this.#now();
    for (const entry of entries) {
      const key = keyOf(entry);
      if (seen.has(key)) continue;
      seen.add(key);
      const pausing = !ignoreBackoff && entry.notBefore > now;
      if (entry.status === 'needs-attention' || pausing || tried.has(entry.id)) continue;
      return entry;
    }
    return undefined;
  }

  #nextAttemptAt(entries: readonly OutboxEntry[]): number | null {
    const waiting = entries.filter((e) => e.status !== 'needs-attention').map((e) => e.notBefore);
    return waiting.length > 0 ? Math.max(this.#now(), Math.min(...waiting)) : null;
  }

  /** One attempt at one entry; null when done, else the failure's words. Aborts propagate, leaving the entry uncertain. */
  async #attempt(
    entry: OutboxEntry,
    signal: AbortSignal | undefined,
  ): Promise<{ readonly failed: string } | null> {
    const attempts = entry.attempts + 1;
    let outcome: Outcome | null = null;
    try {
      if (entry.status === 'uncertain') outcome = await this.#findCommitted(entry, signal);
      if (!outcome) {
        // Recorded before the request leaves: a kill from here on means "find out first".
        await this.#store.update(entry.id, { status: 'uncertain', attempts });
        outcome = await this.#send(entry, signal);
      }
    } catch (error) {
      if (isAbort(error, signal)) throw error;
      if (uncertainFailure(error)) {
        await this.#store.update(entry.id, {
          status: 'uncertain',
          attempts,
          notBefore: this.#now() + this.#backoff(attempts),
          problem: null,
        });
        return { failed: words(error) };
      }
      outcome = { kind: 'attention', conflict: 'refused', text: words(error) };
    }
    if (outcome.kind === 'attention') {
      await this.#store.update(entry.id, {
        status: 'needs-attention',
        attempts,
        problem: encodeProblem(
          outcome.conflict === 'refused' ? null : outcome.conflict,
          outcome.text,
        ),
      });
      return { failed: outcome.text };
    }
    await this.#finish(entry, outcome);
    return null;
  }

  /**
   * The server's versions replace the local ones (OutboxStore.complete keeps a
   * resource's local version while later entries of it are queued, and removes
   * the local copy of a create whose server copy has another id).
   */
  async #finish(entry: OutboxEntry, outcome: Extract<Outcome, { kind: 'done' }>): Promise<void> {
    for (const resource of outcome.resources) {
      const serverVersion = versionOf(resource);
      if (resource.resourceType === entry.resourceType && serverVersion)
        this.#known.set(`${resource.resourceType}/${resource.id}`, serverVersion);
    }
    await this.#store.complete(entry.id, outcome.resources);
  }

  // ----- per kind ---------------------------------------------------------------------------

  async #send(entry: OutboxEntry, signal: AbortSignal | undefined): Promise<Outcome> {
    switch (entry.kind) {
      case 'submit-measurement':
        return this.#submitMeasurement(entry, signal);
      case 'acknowledge-task':
      case 'add-task-note':
        return this.#changeTask(entry, signal);
      case 'set-measurement-validity':
        return this.#setValidity(entry, signal);
      default:
        return {
          kind: 'attention',
          conflict: null,
          text: `Unknown outbox entry kind ${entry.kind}.`,
        };
    }
  }

  /** After an uncertain attempt: the server's copy of our write, or null when it has none. */
  async #findCommitted(
    entry: OutboxEntry,
    signal: AbortSignal | undefined,
  ): Promise<Outcome | null> {
    switch (entry.kind) {
      case 'submit-measurement': {
        const payload = entry.payload as SubmitMeasurementPayload;
        const found = await this.#byIdentifier('Observation', payload.identifier, signal);
        return found.length > 0 ? { kind: 'done', resources: found } : null;
      }
      case 'set-measurement-validity': {
        const payload = entry.payload as SetValidityPayload;
        const [impression] = await this.#byIdentifier(
          'ClinicalImpression',
          payload.identifier,
          signal,
        );
        if (!isIdentifiedResourceOf(impression, 'ClinicalImpression')) return null;
        return this.#validityDone(entry, impression, signal);
      }
      default:
        // Task changes need no look-up first: If-Match plus meta.source recognise our own commit.
        return null;
    }
  }

  async #byIdentifier(
    type: 'Observation' | 'ClinicalImpression',
    identifier: string,
    signal: AbortSignal | undefined,
  ): Promise<CachedResource[]> {
    const found = await this.#client.search(
      type,
      `identifier=${encodeURIComponent(`${IDENTIFIER_SYSTEM}|${identifier}`)}`,
      { signal },
    );
    return found.matches;
  }

  async #submitMeasurement(entry: OutboxEntry, signal: AbortSignal | undefined): Promise<Outcome> {
    const payload = entry.payload as SubmitMeasurementPayload;
    const body = {
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'measurement',
          resource: {
            resourceType: 'Bundle',
            type: 'transaction',
            entry: [
              {
                fullUrl: payload.identifier,
                resource: payload.observation,
                request: { method: 'POST', url: 'Observation' },
              },
            ],
          },
        },
      ],
    };
    try {
      const answer = await this.#client.send('POST', '$submit-measurement', {
        body,
        headers: { 'x-request-id': entry.id },
        signal,
      });
      const bundle = isResourceOf(answer.resource, 'Bundle') ? answer.resource : null;
      const stored = bundleResources(bundle).filter((r) =>
        isIdentifiedResourceOf(r, 'Observation'),
      );
      if (stored.length === 0) {
        // Answered, but not with what was stored: find it by identifier.
        const found = await this.#byIdentifier('Observation', payload.identifier, signal);
        if (found.length === 0)
          throw new FhirError(
            'invalid-response',
            answer.status,
            'The FHIR server did not say what it stored.',
          );
        return { kind: 'done', resources: found };
      }
      return { kind: 'done', resources: stored };
    } catch (error) {
      if (error instanceof FhirError && error.status === 409) {
        // Already stored (our earlier attempt, delivered twice): the server's copy is ours.
        const found = await this.#findCommitted(entry, signal);
        if (found) return found;
      }
      throw error;
    }
  }

  async #readTask(id: string, signal: AbortSignal | undefined): Promise<Task & { id: string }> {
    return this.#client.read('Task', id, signal);
  }

  /** Whether one of the server's versions after `base` was written by this entry (meta.source). */
  async #committedByUs(
    entry: OutboxEntry,
    current: Task,
    base: string | null,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const source = sourceOf(entry.id);
    if (current.meta?.source === source) return true;
    const now = Number(versionOf(current));
    const from = Number(base);
    if (!Number.isInteger(now) || !Number.isInteger(from)) return false;
    for (let v = now - 1; v > from && v >= now - HISTORY_LOOKBACK; v--) {
      try {
        const old = await this.#client.readVersion('Task', entry.resourceId, String(v), signal);
        if (old.meta?.source === source) return true;
      } catch (error) {
        if (error instanceof FhirError && error.status === 404) continue;
        throw error;
      }
    }
    return false;
  }

  async #changeTask(entry: OutboxEntry, signal: AbortSignal | undefined): Promise<Outcome> {
    const payload = entry.payload as TaskChangePayload;
    const key = keyOf(entry);
    const recordedBase = this.#known.get(key) ?? payload.serverBase;
    let base = recordedBase;
    // What the patch is computed against: the Task the user changed, until the server says otherwise.
    let against: Task = payload.base;
    if (base === null || isLocalVersion(versionOf(against))) {
      // No server version known under the change (or a local base): start from the server's copy.
      const current = await this.#readTask(entry.resourceId, signal);
      if (await this.#committedByUs(entry, current, payload.serverBase, signal))
        return { kind: 'done', resources: [current] };
      const verdict = this.#taskPolicy(payload, current);
      if (verdict) return verdict;
      against = current;
      base = versionOf(current);
    }
    for (let round = 0; ; round++) {
      try {
        const answer = await this.#client.send('PATCH', `Task/${entry.resourceId}`, {
          body: taskPatch(against, payload.change, entry.id),
          contentType: 'application/json-patch+json',
          headers: { 'if-match': `W/"${base ?? ''}"`, 'x-request-id': entry.id },
          signal,
        });
        const task = answer.resource;
        if (isIdentifiedResourceOf(task, 'Task')) return { kind: 'done', resources: [task] };
        return {
          kind: 'done',
          resources: [await this.#readTask(entry.resourceId, signal)],
        };
      } catch (error) {
        const conflict =
          error instanceof FhirError &&
          (error.status === 412 || error.status === 409 || error.status === 422);
        if (!conflict) throw error;
        const current = await this.#readTask(entry.resourceId, signal);
        if (await this.#committedByUs(entry, current, recordedBase, signal))
          return { kind: 'done', resources: [current] };
        const verdict = this.#taskPolicy(payload, current);
        if (verdict) return verdict;
        if (versionOf(current) === base || round + 1 >= CONFLICT_ROUNDS) {
          // Refused against the server's own current version: not a conflict, the change itself.
          if (versionOf(current) === base)
            return { kind: 'attention', conflict: null, text: words(error) };
          throw new FhirError(
            'unreachable',
            409,
            'The task keeps changing on the server; will retry.',
          );
        }
        against = current;
        base = versionOf(current);
      }
    }
  }

  /** The per-type conflict policy for a Task, given the server's current copy; null: merge and send. */
  #taskPolicy(payload: TaskChangePayload, current: Task): Outcome | null {
    if (payload.change.op === 'acknowledge') {
      if (current.status === 'completed' || current.status === 'cancelled') {
        return {
          kind: 'attention',
          conflict: 'task-completed-by-colleague',
          text: `The task was ${current.status === 'completed' ? 'completed' : 'cancelled'} by someone else (version ${versionOf(current) ?? '?'}); it was not changed.`,
        };
      }
      return null;
    }
    // A note is appended to the server's notes: two notes never overlap, so it always merges.
    return null;
  }

  async #setValidity(entry: OutboxEntry, signal: AbortSignal | undefined): Promise<Outcome> {
    const payload = entry.payload as SetValidityPayload;
    let observationId = entry.resourceId;
    if (observationId.startsWith('local-')) {
      const [found] = payload.measurementIdentifier
        ? await this.#byIdentifier('Observation', payload.measurementIdentifier, signal)
        : [];
      if (!found)
        return {
          kind: 'attention',
          conflict: 'measurement-not-found',
          text: 'The measurement to correct is not on the server.',
        };
      observationId = found.id;
    }
    const impression: ClinicalImpression = {
      ...payload.impression,
      investigation: (payload.impression.investigation ?? []).map((investigation) => ({
        ...investigation,
        item: (investigation.item ?? []).map((item) =>
          item.reference === `Observation/${entry.resourceId}`
            ? { reference: `Observation/${observationId}` }
            : item,
        ),
      })),
    };
    try {
      const answer = await this.#client.send(
        'POST',
        'ClinicalImpression/$set-measurement-validity',
        {
          body: {
            resourceType: 'Parameters',
            parameter: [{ name: 'clinicalImpression', resource: impression }],
          },
          headers: { 'x-request-id': entry.id },
          signal,
        },
      );
      const stored = answer.resource;
      if (!isIdentifiedResourceOf(stored, 'ClinicalImpression')) {
        const found = await this.#findCommitted(entry, signal);
        if (found) return found;
        throw new FhirError(
          'invalid-response',
          answer.status,
          'The FHIR server did not say what it stored.',
        );
      }
      return await this.#validityDone(entry, stored, signal, observationId);
    } catch (error) {
      if (error instanceof FhirError && error.status === 409) {
        const found = await this.#findCommitted(entry, signal);
        if (found) return found;
      }
      throw error;
    }
  }

  async #validityDone(
    entry: OutboxEntry,
    impression: ClinicalImpression & { id: string },
    signal: AbortSignal | undefined,
    knownId?: string,
  ): Promise<Outcome> {
    const item = impression.investigation
      ?.flatMap((i) => i.item ?? [])
      .map((i) => /^Observation\/([^/]+)/.exec(i.reference ?? '')?.[1])
      .find(Boolean);
    const observationId = knownId ?? item ?? entry.resourceId;
    const observation = await this.#client.read('Observation', observationId, signal);
    return {
      kind: 'done',
      resources: [observation, impression],
    };
  }
}
