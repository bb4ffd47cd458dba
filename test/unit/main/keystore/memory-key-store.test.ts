import { describe, expect, it } from 'vitest';
import { DATA_KEY_BYTES, keyIdOf } from '../../../../main/keystore/key-store.ts';
import { createMemoryKeyStore } from '../../../../main/keystore/memory-key-store.ts';

describe('the memory key store', () => {
  it('keeps one key per user for the run and says it is not persistent', async () => {
    const keys = createMemoryKeyStore();
    expect(await keys.status()).toEqual({ backend: 'memory', persistent: false });
    const mine = await keys.unlock('persona:a');
    expect(mine).toMatchObject({ persistent: false, backend: 'memory', replaced: null });
    expect(mine.key).toHaveLength(DATA_KEY_BYTES);
    expect(mine.keyId).toBe(keyIdOf(mine.key));
    expect((await keys.unlock('persona:b')).keyId).not.toBe(mine.keyId);
    expect((await keys.unlock('persona:a')).keyId).toBe(mine.keyId);
  });

  it('hands out copies: overwriting one does not change the kept key', async () => {
    const keys = createMemoryKeyStore();
    const first = await keys.unlock('persona:a');
    const keyId = first.keyId;
    first.key.fill(0);
    const second = await keys.unlock('persona:a');
    expect(keyIdOf(second.key)).toBe(keyId);
  });

  it('agrees on one key when unlocked concurrently', async () => {
    const keys = createMemoryKeyStore();
    const all = await Promise.all(Array.from({ length: 6 }, () => keys.unlock('persona:a')));
    expect(new Set(all.map((unlocked) => unlocked.keyId)).size).toBe(1);
  });

  it('forgets a key: the next unlock issues a new one', async () => {
    const keys = createMemoryKeyStore('basic_text');
    const before = await keys.unlock('persona:a');
    await keys.forget('persona:a');
    const after = await keys.unlock('persona:a');
    expect(after.keyId).not.toBe(before.keyId);
    expect(after.backend).toBe('basic_text');
  });
});
