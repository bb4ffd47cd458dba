import type { OpenedCache } from '../cache/contracts.ts';

/** A write the workbench refuses before storing anything (bad input, or nothing cached to change). */
export class ClinicalWriteError extends Error {
  readonly code: 'invalid-input' | 'not-cached';
  constructor(code: ClinicalWriteError['code'], message: string) {
    super(message);
    this.name = 'ClinicalWriteError';
    this.code = code;
  }
}

/** The longest note a write takes. */
export const MAX_NOTE = 10_000;

/** What every kind of write works with, from createClinicalWrites (writes.ts). */
export interface WriteContext {
  readonly cache: OpenedCache;
  /** The signed-in clinician as a reference (`Practitioner/…`), or null. */
  readonly author: string | null;
  readonly now: () => number;
  readonly uuid: () => string;
  /** Queues the entry (OutboxStore.enqueue) and tells the app. */
  readonly enqueue: (...args: Parameters<OpenedCache['outbox']['enqueue']>) => Promise<void>;
}
