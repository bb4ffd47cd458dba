import type { Installation } from './installation.ts';

/**
 * Whether this copy of the app updates itself, decided once at start from the machine setting
 * `updateUrl` and how the app was installed. Off unless an administrator configured a feed, and
 * off wherever someone else owns updates: IT's MSI, apt. Never a restart under a clinician's
 * hands: a found update is downloaded in the background and installed when the app quits.
 */
export type UpdatePlan =
  | { readonly kind: 'off'; readonly reason: UpdateOffReason; readonly urlProblem?: UrlProblem }
  | {
      readonly kind: 'check';
      /** electron-updater's generic provider: the folder holding latest.yml and the installers. */
      readonly feed: { readonly provider: 'generic'; readonly url: string };
      /** After start-up, so the first check does not compete with opening the caseload. */
      readonly firstCheckAfterMs: number;
      readonly checkEveryMs: number;
    };

export type UpdateOffReason =
  | 'not-configured'
  | 'invalid-url'
  | 'development'
  /** Windows, not installed by the NSIS installer: the MSI (IT distributes updates) or a copy. */
  | 'not-nsis'
  /** A deb (or rpm): its package manager, not the app, replaces it. */
  | 'linux-package'
  | 'unsupported-installation';

export type UrlProblem =
  'not-a-string' | 'too-long' | 'malformed' | 'not-https' | 'credentials' | 'query-or-fragment';

export interface UpdatePlanInput {
  /** The machine setting; null when nobody configured it. Checked again here (defence in depth). */
  readonly updateUrl: unknown;
  /** Electron's `app.isPackaged`: a development run never updates itself. */
  readonly isPackaged: boolean;
  readonly installation: Installation;
}

export const FIRST_CHECK_AFTER_MS = 60_000;
export const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;
/** As the settings model allows. */
const MAX_URL_LENGTH = 2000;
// Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: the URL parser
// drops some of them silently, so `https://upd\nates.example` would become another host.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

/**
 * The feed URL, or why it is refused: https only (installers are code, fetched from the network),
 * no user name or password, and no query or fragment, since a query is where a token would go
 * and the settings file is readable by everyone on the machine. The update folder is served
 * without credentials; the installers' integrity rests on https and latest.yml's sha512.
 */
export function updateFeedUrl(
  raw: unknown,
):
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly problem: UrlProblem } {
  if (typeof raw !== 'string') return { ok: false, problem: 'not-a-string' };
  if (raw.length > MAX_URL_LENGTH) return { ok: false, problem: 'too-long' };
  if (CONTROL.test(raw)) return { ok: false, problem: 'malformed' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (url.protocol !== 'https:') return { ok: false, problem: 'not-https' };
  if (url.username || url.password) return { ok: false, problem: 'credentials' };
  // `?` or `#` alone leave search and hash empty: look at the text.
  if (url.search || url.hash || raw.includes('?') || raw.includes('#'))
    return { ok: false, problem: 'query-or-fragment' };
  return { ok: true, url: url.href };
}

const off = (reason: UpdateOffReason, urlProblem?: UrlProblem): UpdatePlan =>
  urlProblem === undefined ? { kind: 'off', reason } : { kind: 'off', reason, urlProblem };

/**
 * The plan. The setting is looked at first, so an administrator's typo is reported on every
 * machine, even one where updates would be off anyway. An empty or blank setting counts as
 * none: that is how a defaults file leaves it unset.
 */
export function updatePlan(input: UpdatePlanInput): UpdatePlan {
  const { updateUrl } = input;
  if (updateUrl === null || updateUrl === undefined) return off('not-configured');
  if (typeof updateUrl === 'string' && updateUrl.trim() === '') return off('not-configured');
  const feedUrl = updateFeedUrl(updateUrl);
  if (!feedUrl.ok) return off('invalid-url', feedUrl.problem);
  if (!input.isPackaged) return off('development');
  switch (input.installation) {
    case 'nsis':
    case 'mac-app':
    case 'appimage':
      return {
        kind: 'check',
        feed: { provider: 'generic', url: feedUrl.url },
        firstCheckAfterMs: FIRST_CHECK_AFTER_MS,
        checkEveryMs: CHECK_EVERY_MS,
      };
    case 'windows-other':
      return off('not-nsis');
    case 'linux-package':
      return off('linux-package');
    case 'other':
      return off('unsupported-installation');
  }
}

const OFF_TEXT: Record<UpdateOffReason, string> = {
  'not-configured': 'no update address is configured (machine setting updateUrl)',
  'invalid-url': 'the update address (machine setting updateUrl) is refused',
  development: 'a development run does not update itself',
  'not-nsis': 'not installed by the NSIS installer; an MSI installation is updated by IT',
  'linux-package': 'installed as a Linux package; its package manager updates it',
  'unsupported-installation': 'this kind of installation cannot update itself',
};

/** One log line saying what the plan is and why (the address has no secret: checked above). */
export function describeUpdatePlan(plan: UpdatePlan): string {
  if (plan.kind === 'check')
    return (
      `update: checking ${plan.feed.url} in ${plan.firstCheckAfterMs / 1000} s, ` +
      `then every ${plan.checkEveryMs / 3_600_000} h`
    );
  const problem = plan.urlProblem === undefined ? '' : ` (${plan.urlProblem})`;
  return `update: automatic updates off: ${OFF_TEXT[plan.reason]}${problem}`;
}
