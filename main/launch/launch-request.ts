import { parseCpr } from '../../shared/domain/cpr.ts';
import type { LaunchRefusal } from '../../shared/ipc/schemas.ts';

export type { LaunchRefusal };

/**
 * A context launch from a practice system: `nordjysk-workbench://citizen?cpr=DDMMYYXXXX&team=<id>`
 * or the same as command-line arguments (`--cpr=DDMMYYXXXX --team=<id>`). A launch only ever
 * asks to open a citizen; it never carries an action. Everything else is refused here, before
 * anything is done, with a reason code the page words for the user (never the values: a CPR in
 * a log or a message is a disclosure).
 */
export const LAUNCH_SCHEME = 'nordjysk-workbench';

export interface OpenCitizenLaunch {
  readonly kind: 'open-citizen';
  /** Ten ASCII digits, a real birth date (no modulus-11 requirement: not every CPR since 2007 passes it). */
  readonly cpr: string;
  /** The care team to open the citizen in, when the practice system names one. */
  readonly teamId: string | null;
}

export type LaunchParse =
  | { readonly ok: true; readonly launch: OpenCitizenLaunch }
  | { readonly ok: false; readonly reason: LaunchRefusal };

const CPR_FLAG = '--cpr=';
const TEAM_FLAG = '--team=';
const MAX_URL_LENGTH = 512;
const MAX_ARG_LENGTH = 256;
const STRICT_CPR = /^\d{6}-?\d{4}$/;
// FHIR ids as the IPC contract accepts them.
const TEAM_ID = /^[A-Za-z0-9\-.]{1,64}$/;
// Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

const refuse = (reason: LaunchRefusal): LaunchParse => ({ ok: false, reason });

/** The launch's two values, however they arrived; each at most once. */
function launchOf(cprs: readonly string[], teams: readonly string[]): LaunchParse {
  if (cprs.length > 1 || teams.length > 1) return refuse('repeated');
  const [rawCpr] = cprs;
  if (rawCpr === undefined || rawCpr === '') return refuse('missing-cpr');
  const cpr = STRICT_CPR.test(rawCpr) ? parseCpr(rawCpr) : null;
  if (!cpr) return refuse('invalid-cpr');
  const [teamId] = teams;
  if (teamId !== undefined && !TEAM_ID.test(teamId)) return refuse('invalid-team');
  return { ok: true, launch: { kind: 'open-citizen', cpr: cpr.digits, teamId: teamId ?? null } };
}

/** A `nordjysk-workbench:` URL. Unknown parameters are ignored; the target must be `citizen`. */
export function parseLaunchUrl(raw: string): LaunchParse {
  if (raw.length > MAX_URL_LENGTH) return refuse('too-long');
  if (CONTROL.test(raw)) return refuse('malformed');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('malformed');
  }
  if (url.protocol !== `${LAUNCH_SCHEME}:`) return refuse('unknown-target');
  if (url.username || url.password || url.port || url.hash) return refuse('malformed');
  if (url.hostname !== 'citizen' || (url.pathname !== '' && url.pathname !== '/'))
    return refuse('unknown-target');
  return launchOf(url.searchParams.getAll('cpr'), url.searchParams.getAll('team'));
}

/**
 * The launch in a process's arguments (the first launch's, or a second
 * instance's): a `nordjysk-workbench:` URL (how Windows and Linux pass a
 * protocol launch) or `--cpr=` / `--team=`. Null when the arguments ask for
 * no launch at all (a plain start; Chromium's own switches are ignored).
 */
export function parseLaunchArgs(argv: readonly string[]): LaunchParse | null {
  const urls: string[] = [];
  const cprs: string[] = [];
  const teams: string[] = [];
  for (const arg of argv) {
    if (arg.toLowerCase().startsWith(`${LAUNCH_SCHEME}:`)) urls.push(arg);
    else if (arg.startsWith(CPR_FLAG)) cprs.push(arg.slice(CPR_FLAG.length));
    else if (arg.startsWith(TEAM_FLAG)) teams.push(arg.slice(TEAM_FLAG.length));
    else continue;
    if (arg.length > MAX_ARG_LENGTH) return refuse('too-long');
    if (CONTROL.test(arg)) return refuse('malformed');
  }
  if (urls.length === 0 && cprs.length === 0 && teams.length === 0) return null;
  // One way at a time: a URL and flags together, or two URLs, are not one clear request.
  if (urls.length > 1 || (urls.length === 1 && cprs.length + teams.length > 0))
    return refuse('repeated');
  const [url] = urls;
  return url === undefined ? launchOf(cprs, teams) : parseLaunchUrl(url);
}
