import { afterEach, describe, expect, test, vi } from 'vitest';
import { firstViewPainted, VIEW_RENDERED_MARKS } from '../../../../renderer/app/first-view.ts';

afterEach(() => {
  performance.clearMarks();
  vi.useRealTimers();
});

function settledWithin(promise: Promise<void>): { settled: () => boolean } {
  let settled = false;
  void promise.then(() => {
    settled = true;
  });
  return { settled: () => settled };
}

describe('firstViewPainted', () => {
  test.each(VIEW_RENDERED_MARKS)('resolves when a page marks %s', async (mark) => {
    const waiting = settledWithin(firstViewPainted(new AbortController().signal, 60_000));
    performance.mark('app-ready');
    await vi.waitFor(() => expect(waiting.settled()).toBe(false));
    performance.mark(mark);
    await vi.waitFor(() => expect(waiting.settled()).toBe(true));
  });

  test('resolves at once when the view has already painted', async () => {
    performance.mark('caseload-rendered');
    await expect(firstViewPainted(new AbortController().signal, 60_000)).resolves.toBeUndefined();
  });

  test('resolves after the longest wait when no view marks (a page without data)', async () => {
    vi.useFakeTimers();
    const waiting = settledWithin(firstViewPainted(new AbortController().signal, 2500));
    await vi.advanceTimersByTimeAsync(2499);
    expect(waiting.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.settled()).toBe(true);
  });

  test('never resolves once aborted (the user signed out meanwhile)', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = settledWithin(firstViewPainted(controller.signal, 2500));
    controller.abort();
    performance.mark('caseload-rendered');
    await vi.advanceTimersByTimeAsync(5000);
    expect(waiting.settled()).toBe(false);
  });
});
