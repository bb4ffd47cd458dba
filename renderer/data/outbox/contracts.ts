import type { ObservationCodeKey } from '../../../shared/fhir/observation-codes.ts';

/**
 * Local writes and the outbox as views see them (docs/adr/0003, "Outbox").
 * A write updates the encrypted cache and queues an outbox entry in one
 * transaction; one sender (Web Lock `workbench-outbox`) drains the queue in
 * order per resource. Views use `ClinicalWrites` (through a provider, like
 * `ClinicalQueries`) and never talk to the outbox or network themselves.
 */

/** A measurement a nurse registers in the citizen's home. */
export interface MeasurementInput {
  readonly patientId: string;
  readonly episodeOfCareId: string;
  readonly codeKey: ObservationCodeKey;
  /** One value, or systolic + diastolic for blood pressure, in the code's unit. */
  readonly values: readonly number[];
  /** Clinical time (ISO instant). */
  readonly effective: string;
  readonly note?: string;
}

export interface ClinicalWrites {
  /** Stored locally at once (visible in the citizen view), sent when the connection allows. */
  registerMeasurement(input: MeasurementInput): Promise<{ readonly observationId: string }>;
  /** Marks a Task done, against the version the user saw (`expectedVersionId`). */
  acknowledgeTask(taskId: string, expectedVersionId: string): Promise<void>;
  /** Adds a free-text note to a Task (merged with a colleague's notes, never overwriting them). */
  addTaskNote(taskId: string, expectedVersionId: string, text: string): Promise<void>;
}

/** One entry as the outbox panel shows it (decrypted, for the signed-in user only). */
export interface OutboxItemView {
  readonly id: string;
  readonly kind:
    | 'submit-measurement'
    | 'acknowledge-task'
    | 'add-task-note'
    /** A registered measurement invalidated (Observations are immutable): writes.ts `invalidateMeasurement`. */
    | 'set-measurement-validity';
  /** What it is about, in the user's words: "Blodtryk 142/88 for Karen J." is built by the view from these. */
  readonly resourceType: string;
  readonly resourceId: string;
  readonly patientId: string | null;
  readonly createdAt: number;
  readonly status: 'pending' | 'uncertain' | 'needs-attention';
  readonly attempts: number;
  /** The server's words for a refusal or conflict. */
  readonly problem: string | null;
  /** The conflict policy that applied, for the text shown: e.g. 'task-completed-by-colleague'. */
  readonly conflict: string | null;
}

export interface OutboxState {
  /** Entries not yet confirmed on the server. Always shown in the app bar. */
  readonly unsent: number;
  readonly needsAttention: number;
  readonly sending: boolean;
  readonly lastError: string | null;
}

export interface SendNowOptions {
  readonly ignoreBackoff?: boolean;
}

/** Held by the page: the sender and the queue's status. */
export interface OutboxController {
  state(): OutboxState;
  subscribe(listener: (state: OutboxState) => void): () => void;
  list(): Promise<OutboxItemView[]>;
  /**
   * Sends what can be sent now; resolves when the queue is drained or blocked.
   * The user's own "send now" passes `ignoreBackoff`: entries waiting out a
   * retry pause go at once (automatic attempts keep the pause).
   */
  sendNow(options?: SendNowOptions): Promise<OutboxState>;
  /** Drops one entry on the user's word (its local change is rolled back in the cache). */
  discard(id: string): Promise<void>;
  dispose(): void;
}
