import type { CDPSession } from 'playwright-core';

/** The part of a CDP `Profiler.Profile` the summary reads. */
interface Profile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Self time per function (name and place), largest first. */
  readonly top: readonly { readonly fn: string; readonly ms: number; readonly share: number }[];
}

/** Self time per function of a sampled CPU profile, the `limit` largest. */
export function summarizeProfile(profile: Profile, limit = 25): ProfileSummary {
  const label = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').pop() ?? '';
    label.set(
      node.id,
      `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`,
    );
  }
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  samples.forEach((id, i) => {
    const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    total += ms;
    const fn = label.get(id) ?? '?';
    self.set(fn, (self.get(fn) ?? 0) + ms);
  });
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([fn, ms]) => ({ fn, ms: Math.round(ms), share: total > 0 ? ms / total : 0 }));
  return { totalMs: Math.round(total), top };
}

/** Runs `work` under the page's V8 sampling profiler (1 ms) and summarizes it. */
export async function profiled<T>(
  cdp: CDPSession,
  work: () => Promise<T>,
): Promise<{ result: T; summary: ProfileSummary }> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await cdp.send('Profiler.stop').catch(() => undefined);
    throw error;
  }
  const { profile } = await cdp.send('Profiler.stop');
  return { result, summary: summarizeProfile(profile) };
}
