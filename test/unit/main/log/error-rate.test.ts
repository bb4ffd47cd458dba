import { describe, expect, it } from 'vitest';
import { createErrorRate } from '../../../../main/log/error-rate.ts';

describe('the page-error rate', () => {
  it('writes up to the limit per window and minute, then counts, and says how many were dropped', () => {
    let time = 0;
    const rate = createErrorRate(3, 60_000, () => time);
    const first = Array.from({ length: 5 }, () => rate.admit(1).write);
    expect(first).toEqual([true, true, true, false, false]);
    // Another window has its own allowance.
    expect(rate.admit(2)).toEqual({ write: true, droppedBefore: 0 });
    time = 60_000;
    expect(rate.admit(1)).toEqual({ write: true, droppedBefore: 2 });
    expect(rate.admit(1)).toEqual({ write: true, droppedBefore: 0 });
  });
});
