import { Dexie, type Table } from 'dexie';

/**
 * Typed failures of the offline cache. Every write is one IndexedDB
 * transaction, so when one of these is thrown nothing of that write is
 * stored and the cache is as it was before.
 */

/** The browser refused to store more (disk full or the origin's quota used up). */
export class CacheQuotaError extends Error {
  constructor(options?: { cause?: unknown }) {
    super(
      'The offline cache is full: the computer has no more room for it. Nothing from this change was saved in the cache; free disk space or let the cache drop citizens no longer on the caseload.',
      options,
    );
    this.name = 'CacheQuotaError';
  }
}

/** Concurrent writers kept changing the same Observation buckets; the write gave up after retrying. */
export class CacheConflictError extends Error {
  constructor(attempts: number) {
    super(`The offline cache was changed by another writer ${attempts} times in a row; try again.`);
    this.name = 'CacheConflictError';
  }
}

/** Thrown inside a write transaction when a bucket changed since it was read: aborts and retries. */
export class BucketChangedError extends Error {
  constructor() {
    super('An Observation bucket changed since it was read.');
    this.name = 'BucketChangedError';
  }
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

/**
 * QuotaExceededError as IndexedDB raises it, or wrapped by Dexie (AbortError
 * with `inner`, BulkError with `failures`/`failuresByPos`) or as a `cause`.
 */
export function isQuotaError(error: unknown, depth = 0): boolean {
  const record = asRecord(error);
  if (!record || depth > 4) return false;
  if (record.name === 'QuotaExceededError') return true;
  if (isQuotaError(record.inner, depth + 1) || isQuotaError(record.cause, depth + 1)) return true;
  const failures = record.failures;
  if (Array.isArray(failures) && failures.some((f) => isQuotaError(f, depth + 1))) return true;
  const byPos = asRecord(record.failuresByPos);
  return byPos !== null && Object.values(byPos).some((f) => isQuotaError(f, depth + 1));
}

/**
 * One read-write transaction whose quota failure becomes CacheQuotaError:
 * also when the browser aborts the transaction for quota and the requests
 * themselves only report AbortError (the native transaction's `error` says
 * QuotaExceededError). An aborted transaction writes nothing.
 */
export async function writeTransaction<T>(
  db: Dexie,
  tables: Table | readonly Table[],
  scope: () => Promise<T>,
): Promise<T> {
  let native: IDBTransaction | undefined;
  try {
    return await db.transaction('rw', tables as Table[], async () => {
      native = Dexie.currentTransaction?.idbtrans;
      return await scope();
    });
  } catch (error) {
    let nativeError: unknown = null;
    try {
      nativeError = native?.error ?? null;
    } catch {
      // Not finished: no error of its own.
    }
    if (isQuotaError(error) || isQuotaError(nativeError))
      throw new CacheQuotaError({ cause: error });
    throw error;
  }
}

/** Runs an IndexedDB operation, turning a quota failure into CacheQuotaError. */
export async function guardQuota<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isQuotaError(error)) throw new CacheQuotaError({ cause: error });
    throw error;
  }
}

/** A resource or argument the cache cannot store as given (no id, no versionId, an uncached type …). */
export class CacheInputError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'CacheInputError';
  }
}

/** The offline cache could not be opened at all, even after wiping it. */
export class CacheOpenError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The offline cache could not be opened, even after clearing it.', options);
    this.name = 'CacheOpenError';
  }
}

/** An outbox entry that is not (or no longer) in the outbox. */
export class OutboxEntryNotFoundError extends Error {
  constructor() {
    super('The outbox entry is no longer in the outbox.');
    this.name = 'OutboxEntryNotFoundError';
  }
}
