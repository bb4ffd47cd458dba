import { APP_ORIGIN } from '../app-origin.ts';
import { parseUrl } from './origins.ts';

/** What Electron asks about, reduced to the facts a decision needs. */
export interface PermissionQuestion {
  readonly permission: string;
  readonly requestingUrl: string;
  /** Set by the window factory for the video-consultation window only. */
  readonly isVideoWindow: boolean;
  /**
   * For `media`: which devices (`audio`, `video`). Empty or absent means Electron could not name
   * a camera or microphone (a legacy desktop-capture `getUserMedia` arrives like that), so it is refused.
   */
  readonly mediaTypes?: readonly string[];
}

/**
 * Deny by default. Two exceptions:
 * - persistent storage for the app window on the app's own origin: the
 *   encrypted cache holds the user's unsent outbox entries, and storage the
 *   browser may evict under disk pressure could lose them (docs/adr/0003,
 *   "Persistent storage");
 * - camera and microphone for the video window, and only while it shows a
 *   page on one of the configured video origins over https.
 */
export function decidePermission(
  question: PermissionQuestion,
  videoOrigins: readonly string[],
): boolean {
  if (question.permission === 'persistent-storage')
    return !question.isVideoWindow && isAppOrigin(question.requestingUrl);
  if (question.permission !== 'media' || !question.isVideoWindow) return false;
  const url = parseUrl(question.requestingUrl);
  if (!url || url.protocol !== 'https:') return false;
  const onVideoOrigin = videoOrigins.some((origin) => parseUrl(origin)?.origin === url.origin);
  if (!onVideoOrigin) return false;
  const types = question.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'audio' || type === 'video');
}

/** The app's own origin, compared as a parsed URL (a URL or a bare origin, as Electron gives either). */
function isAppOrigin(requesting: string): boolean {
  const url = parseUrl(requesting);
  return (
    url !== null &&
    `${url.protocol}//${url.host}` === APP_ORIGIN &&
    url.username === '' &&
    url.password === ''
  );
}
