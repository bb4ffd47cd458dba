import type { OutboxEntry, OutboxStore } from '../cache/contracts.ts';
import { type FhirClient } from '../fhir/fhir-client.ts';
import { FhirError } from '../fhir/fhir-error.ts';
import { encodeProblem } from './entries.ts';
import { keyOf, versionOf, words, type Outcome, type SendContext } from './send-outcome.ts';
import { findValidityChange, setValidity } from './set-validity.ts';
import { findSubmittedMeasurement, submitMeasurement } from './submit-measurement.ts';
import { changeTask } from './task-change.ts';

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
      if (entry.status === 'uncertain')
        outcome = await findCommitted({ client: this.#client, signal }, entry);
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

  async #send(entry: OutboxEntry, signal: AbortSignal | undefined): Promise<Outcome> {
    const context: SendContext = { client: this.#client, signal };
    switch (entry.kind) {
      case 'submit-measurement':
        return submitMeasurement(context, entry);
      case 'acknowledge-task':
      case 'add-task-note':
        return changeTask(context, entry, this.#known);
      case 'set-measurement-validity':
        return setValidity(context, entry);
      default:
        return {
          kind: 'attention',
          conflict: null,
          text: `Unknown outbox entry kind ${entry.kind}.`,
        };
    }
  }
}

/** After an uncertain attempt: the server's copy of our write, or null when it has none. */
async function findCommitted(context: SendContext, entry: OutboxEntry): Promise<Outcome | null> {
  switch (entry.kind) {
    case 'submit-measurement':
      return findSubmittedMeasurement(context, entry);
    case 'set-measurement-validity':
      return findValidityChange(context, entry);
    default:
      // Task changes need no look-up first: If-Match plus meta.source recognise our own commit.
      return null;
  }
}
