import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  firstViewPainted,
  firstViewRequest,
  VIEW_RENDERED_MARKS,
} from '../../../../renderer/app/first-view.ts';
import { createMemorySource } from '../../../../renderer/data/source/memory-source.ts';
import { session } from '../../../support/slice-fixtures.ts';

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

describe('firstViewRequest', () => {
  const twoTeams = {
    ...session,
    persona: {
      ...session.persona,
      careTeams: [
        { id: 'team-1', name: 'Team 1', role: null },
        { id: 'team-2', name: 'Team 2', role: null },
      ],
    },
  };

  test.each(['', '#/', '#/caseload', '#/sign-in', '#/sign-in?next=x'])(
    'a session starting at "%s" lands on the caseload: its teams\' caseload is asked for',
    (hash) => {
      expect(firstViewRequest(twoTeams, hash)?.key).toBe('caseload:team-1,team-2');
    },
  );

  test.each(['#/citizen/pat-1', '#/settings', '#/messages', '#/caseloadx'])(
    'a session starting at "%s" asks for nothing ahead: that view asks for itself',
    (hash) => {
      expect(firstViewRequest(twoTeams, hash)).toBeNull();
    },
  );

  test('a user in no care team gets an empty caseload, not a view that loads for ever', async () => {
    const teamless = { ...session, persona: { ...session.persona, careTeams: [] } };
    const request = firstViewRequest(teamless, '#/caseload');
    expect(request?.key).toBe('caseload:');
    await expect(
      request?.run(createMemorySource([]), new AbortController().signal),
    ).resolves.toEqual([]);
  });

  test('nobody signed in: nothing to ask', () => {
    expect(firstViewRequest(null, '#/caseload')).toBeNull();
  });
});
