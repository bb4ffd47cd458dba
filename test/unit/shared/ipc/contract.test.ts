import { describe, expect, it } from 'vitest';
import {
  invokeContract,
  INVOKE_CHANNELS,
  isInvokeChannel,
} from '../../../../shared/ipc/contract.ts';

describe('the IPC contract', () => {
  it('names channels in kebab-case, feature first', () => {
    for (const channel of INVOKE_CHANNELS) expect(channel).toMatch(/^[a-z]+(-[a-z]+)+$/);
  });

  it('lists exactly the contract’s own keys as channels', () => {
    expect([...INVOKE_CHANNELS].sort()).toEqual(Object.keys(invokeContract).sort());
    for (const channel of INVOKE_CHANNELS) expect(isInvokeChannel(channel)).toBe(true);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'nope', ''])(
    'does not take the inherited or unknown name %j for a channel',
    (name) => {
      expect(isInvokeChannel(name)).toBe(false);
    },
  );

  it.each(INVOKE_CHANNELS)('%s refuses a request with a stray key', (channel) => {
    expect(invokeContract[channel].request.safeParse({ stray: true }).success).toBe(false);
    expect(invokeContract[channel].request.safeParse(null).success).toBe(false);
    expect(invokeContract[channel].request.safeParse([]).success).toBe(false);
  });

  it.each(INVOKE_CHANNELS)('%s documents itself for the preload method', (channel) => {
    expect(invokeContract[channel].doc.length).toBeGreaterThan(10);
  });
});
