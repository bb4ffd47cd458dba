import { createHash, randomBytes } from 'node:crypto';
import type { Session } from '../../shared/ipc/schemas.ts';

/** The data key is AES-256 material: 32 random bytes (docs/adr/0003, "Keys"). */
export const DATA_KEY_BYTES = 32;

/** Why a stored key could not be used and a new one was issued in its place. */
export type KeyReplacementReason =
  /** The file is not JSON of the expected shape, or its wrapped content is not a key for this user. */
  | 'unreadable-file'
  /** The OS keyring no longer opens the wrapped key (keyring reset, profile moved to another machine). */
  | 'undecryptable';

export interface KeyReplacement {
  readonly reason: KeyReplacementReason;
  /** The file name the old file was kept under, beside the new one (never deleted). */
  readonly keptAs: string;
}

/** A user's data key as handed out at unlock. `key` is a fresh copy the caller may overwrite. */
export interface UnlockedKey {
  readonly key: Uint8Array;
  /** Names the key without revealing it, so the renderer recognises a cache sealed under another key. */
  readonly keyId: string;
  /** False when the key lives in memory for this run only: the cache must not outlive the run. */
  readonly persistent: boolean;
  /** What protects the key: `dpapi`, `keychain`, a Linux keyring name, `basic_text`, `unavailable`, … */
  readonly backend: string;
  /** Set when a stored key was unusable and this is a new one (the old cache cannot be opened). */
  readonly replaced: KeyReplacement | null;
}

export interface KeyStoreStatus {
  readonly backend: string;
  readonly persistent: boolean;
}

/**
 * Keeps one random data key per user for the encrypted offline cache. The
 * Electron app wraps it with `safeStorage`; the web harness has its own
 * harness-only store; tests and callers without a keyring get a memory store.
 */
export interface KeyStore {
  /** The user's key, created on first use. `userKey` identifies the user (see `cacheUserKeyOf`). */
  unlock(userKey: string): Promise<UnlockedKey>;
  /** Deletes the user's stored key (after the renderer has wiped the cache: sign-out, user switch). */
  forget(userKey: string): Promise<void>;
  /** What the store can offer on this machine, without touching any user's key. */
  status(): Promise<KeyStoreStatus>;
}

/** 32 fresh random bytes. */
export function newDataKey(): Uint8Array {
  return new Uint8Array(randomBytes(DATA_KEY_BYTES));
}

/**
 * A public name for a key: a truncated SHA-256 of the key under its own
 * label. It cannot be turned back into the key (256 random bits), and is the
 * same wherever the key is, so nothing besides the key needs storing.
 */
export function keyIdOf(key: Uint8Array): string {
  return createHash('sha256')
    .update('nordjysk-workbench/cache-key-id\u0000')
    .update(key)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * Which user a session's cache key belongs to. A demo persona is a user of
 * its own; a real sign-in (Entra ID, later) should use the account's stable
 * id here instead of the practitioner id.
 */
export function cacheUserKeyOf(session: Session): string {
  return session.demo ? `persona:${session.persona.id}` : `practitioner:${session.practitionerId}`;
}

/**
 * Runs store operations one at a time, so two windows unlocking a new user
 * at once agree on one key instead of each writing its own.
 */
export function createSerialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
}
