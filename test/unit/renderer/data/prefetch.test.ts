import { describe, expect, test } from 'vitest';
import { createPrefetches, type SourceRequest } from '../../../../renderer/data/prefetch.ts';
import { createMemorySource } from '../../../../renderer/data/source/memory-source.ts';

function countingRequest(key: string) {
  const signals: AbortSignal[] = [];
  const request: SourceRequest<string> = {
    key,
    run: (_source, signal) => {
      signals.push(signal);
      return Promise.resolve(`answer to ${key}`);
    },
  };
  return { request, signals };
}

describe('createPrefetches', () => {
  const source = createMemorySource([]);

  test('a started run is taken once, by the same key on the same source', async () => {
    let time = 0;
    const prefetches = createPrefetches(() => time);
    const { request, signals } = countingRequest('caseload:team-1');
    prefetches.start(source, request);
    expect(signals).toHaveLength(1);
    time = 500;
    const taken = prefetches.take<string>(source, 'caseload:team-1');
    await expect(taken?.promise).resolves.toBe('answer to caseload:team-1');
    expect(taken?.controller.signal).toBe(signals[0]);
    expect(prefetches.take(source, 'caseload:team-1')).toBeNull();
  });

  test('another key or another source does not take it, and leaves it for the right one', () => {
    const prefetches = createPrefetches(() => 0);
    prefetches.start(source, countingRequest('caseload:team-1').request);
    expect(prefetches.take(source, 'caseload:team-2')).toBeNull();
    expect(prefetches.take(createMemorySource([]), 'caseload:team-1')).toBeNull();
    expect(prefetches.take(source, 'caseload:team-1')).not.toBeNull();
  });

  test('a run older than the longest wait is dropped: its answer would be stale', () => {
    let time = 0;
    const prefetches = createPrefetches(() => time, 10_000);
    const { request, signals } = countingRequest('caseload:team-1');
    prefetches.start(source, request);
    time = 10_001;
    expect(prefetches.take(source, 'caseload:team-1')).toBeNull();
    expect(signals[0]?.aborted).toBe(true);
  });

  test('starting another, or clearing, aborts the run before', () => {
    const prefetches = createPrefetches(() => 0);
    const first = countingRequest('caseload:team-1');
    const second = countingRequest('caseload:team-2');
    prefetches.start(source, first.request);
    prefetches.start(source, second.request);
    expect(first.signals[0]?.aborted).toBe(true);
    expect(prefetches.take(source, 'caseload:team-1')).toBeNull();
    prefetches.clear();
    expect(second.signals[0]?.aborted).toBe(true);
    expect(prefetches.take(source, 'caseload:team-2')).toBeNull();
  });

  test('a failed run is not an unhandled rejection; the view that takes it gets the failure', async () => {
    const prefetches = createPrefetches(() => 0);
    prefetches.start(source, {
      key: 'k',
      run: () => Promise.reject(new Error('offline')),
    });
    await Promise.resolve();
    await expect(prefetches.take(source, 'k')?.promise).rejects.toThrow('offline');
  });
});
