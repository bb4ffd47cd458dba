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
 * Deny by default. The one exception: camera and microphone for the video
 * window, and only while it shows a page on one of the configured video
 * origins over https.
 */
export function decidePermission(
  question: PermissionQuestion,
  videoOrigins: readonly string[],
): boolean {
  if (question.permission !== 'media' || !question.isVideoWindow) return false;
  const url = parseUrl(question.requestingUrl);
  if (!url || url.protocol !== 'https:') return false;
  const onVideoOrigin = videoOrigins.some((origin) => parseUrl(origin)?.origin === url.origin);
  if (!onVideoOrigin) return false;
  const types = question.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'audio' || type === 'video');
}
