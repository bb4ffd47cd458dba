import type { z } from 'zod/mini';
import {
  AppInfoSchema,
  CacheUnlockSchema,
  CurrentSessionSchema,
  EmptyRequestSchema,
  HealthCheckSchema,
  OutboxUnsentSchema,
  PendingLaunchSchema,
  RendererErrorSchema,
  DiagnosticsSchema,
  PersonaListSchema,
  QuitAnswerSchema,
  QuitRequestSchema,
  SessionSchema,
  SignInRequestSchema,
  SettingsViewSchema,
  SettingsUpdateSchema,
} from './schemas.ts';

interface ChannelSpec {
  readonly request: z.ZodMiniType;
  readonly response: z.ZodMiniType;
  /** Shown as the preload method's documentation. */
  readonly doc: string;
}

/**
 * Every renderer → main operation: channel name (kebab-case, feature first)
 * → strict request schema and response schema. The page-facing `workbench`
 * object, the main-process registration and the fuzz test are all built from
 * this one map.
 */
export const invokeContract = {
  'app-info': {
    request: EmptyRequestSchema,
    response: AppInfoSchema,
    doc: 'Name, version and run mode of the app.',
  },
  'settings-read': {
    request: EmptyRequestSchema,
    response: SettingsViewSchema,
    doc:
      "The settings in force: the machine's connection settings and the user's preferences, " +
      'where each value comes from, which the administrator locked, and what was wrong in the files.',
  },
  'settings-update': {
    request: SettingsUpdateSchema,
    response: SettingsViewSchema,
    doc:
      "Change the user's preferences (only the entries given) and return the settings now in " +
      'force. Fails with reason `setting-locked` for an entry the administrator locked, ' +
      '`setting-invalid` for a value out of bounds (an idle lock over the machine maximum).',
  },
  'health-check': {
    request: EmptyRequestSchema,
    response: HealthCheckSchema,
    doc: 'Whether main and the services it depends on are answering.',
  },
  'session-personas': {
    request: EmptyRequestSchema,
    response: PersonaListSchema,
    doc: 'The demo personas one can sign in as (empty where a real identity provider is configured).',
  },
  'session-sign-in': {
    request: SignInRequestSchema,
    response: SessionSchema,
    doc: 'Sign in as a demo persona; fails with reason `unknown-persona` for an id that does not exist.',
  },
  'session-current': {
    request: EmptyRequestSchema,
    response: CurrentSessionSchema,
    doc: 'The signed-in session, if any (survives a page reload, not a restart).',
  },
  'session-sign-out': {
    request: EmptyRequestSchema,
    response: EmptyRequestSchema,
    doc: 'End the session.',
  },
  'cache-unlock': {
    request: EmptyRequestSchema,
    response: CacheUnlockSchema,
    doc:
      "The signed-in user's data key for the encrypted offline cache (created on first use). " +
      'Import it as non-extractable keys and overwrite it; never store or log it. With ' +
      '`persistent: false` there is no OS keyring: keep the cache in memory only and say so. ' +
      'Fails with reason `not-signed-in` when nobody is signed in, `cache-key-unavailable` when ' +
      'the key store fails (keyring refused, folder unwritable).',
  },
  'cache-forget': {
    request: EmptyRequestSchema,
    response: EmptyRequestSchema,
    doc:
      "Delete the signed-in user's data key, after the cache has been wiped (sign-out, user " +
      'switch); the next unlock issues a new key. Fails with reason `not-signed-in` when nobody is signed in.',
  },
  'outbox-unsent': {
    request: OutboxUnsentSchema,
    response: EmptyRequestSchema,
    doc:
      "Tell main how many entries this window's outbox holds unsent, each time the number " +
      'changes (0 when signed out): main asks before quitting or closing a window that has any.',
  },
  'quit-answer': {
    request: QuitAnswerSchema,
    response: EmptyRequestSchema,
    doc:
      'Answer a `quit-requested` event: `shown` as soon as the question is on screen, then ' +
      '`quit` (go ahead) or `stay` (cancelled, or entries left after send now). An answer to ' +
      'a question main is no longer asking is ignored.',
  },
  'launch-take': {
    request: EmptyRequestSchema,
    response: PendingLaunchSchema,
    doc:
      "The context launch waiting for the signed-in user (a practice system's request to open " +
      'a citizen, or why it was refused), once: main forgets it when taken. Null while nobody is ' +
      'signed in: a launch waits for the sign-in.',
  },
  'log-renderer-error': {
    request: RendererErrorSchema,
    response: EmptyRequestSchema,
    doc:
      "Write an uncaught page error to main's log (scrubbed of CPRs, query strings and quoted " +
      'text; at most 30 a minute per window, the rest counted and dropped).',
  },
  'diagnostics-read': {
    request: EmptyRequestSchema,
    response: DiagnosticsSchema,
    doc: "The app's version, its settings and main's last errors (scrubbed), for support.",
  },
} as const satisfies Record<string, ChannelSpec>;

export type InvokeContract = typeof invokeContract;
export type InvokeChannel = keyof InvokeContract;
export type RequestOf<C extends InvokeChannel> = z.input<InvokeContract[C]['request']>;
export type ParsedRequestOf<C extends InvokeChannel> = z.output<InvokeContract[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = z.output<InvokeContract[C]['response']>;

export const INVOKE_CHANNELS = Object.keys(invokeContract) as readonly InvokeChannel[];

/** True only for the contract's own channels (not `__proto__`, `toString`, …). */
export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.hasOwn(invokeContract, value);
}

interface EventSpec {
  readonly payload: z.ZodMiniType;
  readonly doc: string;
}

/**
 * Every main → renderer event: channel name → strict payload schema. The
 * page subscribes through one named method per event (`onQuitRequested`),
 * never a generic `on`; payloads are checked on arrival and a malformed one
 * is dropped.
 */
export const eventContract = {
  'quit-requested': {
    payload: QuitRequestSchema,
    doc:
      'The user is quitting (or closing this window) while this window reported unsent entries: ' +
      'ask them (send now / keep / discard / cancel) and answer with `quitAnswer`.',
  },
  'launch-received': {
    payload: EmptyRequestSchema,
    doc: 'A context launch has arrived (a second start, a protocol URL): take it with `launchTake`.',
  },
} as const satisfies Record<string, EventSpec>;

export type EventContract = typeof eventContract;
export type EventChannel = keyof EventContract;
export type PayloadOf<C extends EventChannel> = z.output<EventContract[C]['payload']>;

export const EVENT_CHANNELS = Object.keys(eventContract) as readonly EventChannel[];

/** True only for the event contract's own channels. */
export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && Object.hasOwn(eventContract, value);
}
