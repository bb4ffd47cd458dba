import { describe, expect, it } from 'vitest';
import {
  applyCaseloadRetention,
  CASELOAD_SEEN_KEY,
  type RetainingCache,
} from '../../../../../renderer/data/offline/caseload-retention.ts';
import type { ResourceCache } from '../../../../../renderer/data/cache/contracts.ts';

const DAY = 86_400_000;

/** Only what retention uses of the cache: sync state and retainPatients, recorded. */
function recordingCache(initial?: string) {
  const state = new Map<string, string>(initial ? [[CASELOAD_SEEN_KEY, initial]] : []);
  const retained: string[][] = [];
  const cache: RetainingCache = {
    resources: {
      getSyncState: (key: string) => Promise.resolve(state.get(key)),
      setSyncState: (key: string, value: string) => {
        state.set(key, value);
        return Promise.resolve();
      },
    } as unknown as ResourceCache,
    retainPatients: (ids) => {
      retained.push([...ids].sort());
      return Promise.resolve();
    },
  };
  return { cache, state, retained };
}

describe('caseload retention', () => {
  it('keeps a citizen who left the caseload for the chosen days, then lets them go', async () => {
    const { cache, retained } = recordingCache();
    const t0 = Date.UTC(2026, 10, 1);
    await applyCaseloadRetention(cache, ['a', 'b'], 7, t0);
    expect(retained.at(-1)).toEqual(['a', 'b']);
    // b left the caseload: kept within 7 days …
    await applyCaseloadRetention(cache, ['a'], 7, t0 + 6 * DAY);
    expect(retained.at(-1)).toEqual(['a', 'b']);
    // … and gone after.
    await applyCaseloadRetention(cache, ['a'], 7, t0 + 8 * DAY);
    expect(retained.at(-1)).toEqual(['a']);
  });

  it('an unreadable record starts again from today’s caseload', async () => {
    const { cache, retained, state } = recordingCache('{not json');
    await applyCaseloadRetention(cache, ['c'], 30, Date.UTC(2026, 10, 1));
    expect(retained.at(-1)).toEqual(['c']);
    expect(JSON.parse(state.get(CASELOAD_SEEN_KEY) ?? '{}')).toEqual({ c: Date.UTC(2026, 10, 1) });
  });
});
