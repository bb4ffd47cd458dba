import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcDispatch } from '../../main/ipc/dispatcher.ts';
import { invokeContract, INVOKE_CHANNELS, type InvokeChannel } from '../../shared/ipc/contract.ts';
import { IPC_ERROR_CODES, IpcErrorSchema } from '../../shared/ipc/result.ts';
import { testRuntime } from '../support/test-runtime.ts';
import { settingsView } from '../support/settings-view.ts';

const FROM_APP = { url: 'app://workbench/', isMainFrame: true };
const TEN_MB = 10 * 1024 * 1024;

let userDataDir = '';
let dispatch: IpcDispatch;
const prototypesBefore = snapshotPrototypes();

beforeAll(async () => {
  userDataDir = await mkdtemp(join(tmpdir(), 'wb-fuzz-'));
  dispatch = testRuntime(userDataDir).dispatch;
});

afterAll(async () => {
  await rm(userDataDir, { recursive: true, force: true });
});

function snapshotPrototypes(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((proto) => Reflect.ownKeys(proto).map(String).sort().join(','))
    .join('|');
}

/** The answer is a well-formed IpcResult for `channel`, small and serialisable whatever came in. */
function expectWellFormed(channel: InvokeChannel, result: unknown): void {
  expect(result).toBeTypeOf('object');
  const answer = result as { ok: unknown; value?: unknown; error?: unknown };
  if (answer.ok === true) {
    expect(invokeContract[channel].response.safeParse(answer.value).success).toBe(true);
  } else {
    expect(answer.ok).toBe(false);
    expect(IpcErrorSchema.safeParse(answer.error).success).toBe(true);
    expect(IPC_ERROR_CODES).toContain((answer.error as { code: string }).code);
  }
  // Never echoes a huge or cyclic payload back.
  expect(JSON.stringify(result).length).toBeLessThan(20_000);
}

async function expectStillAnswering(): Promise<void> {
  expect(await dispatch('app-info', FROM_APP, {})).toMatchObject({ ok: true });
}

/** Objects whose dangerous keys are own properties, as they arrive from JSON or structured clone. */
const hostileJsonObject = fc
  .array(
    fc.tuple(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'language', 'toString'),
      fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constant({ polluted: true }),
        fc.constant({ prototype: { polluted: true } }),
      ),
    ),
    { maxLength: 4 },
  )
  .map(
    (entries) =>
      JSON.parse(
        `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`,
      ) as unknown,
  );

const wrongTypes = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.bigInt(),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom(null, undefined, NaN, Infinity, -Infinity, -0, Symbol('x'), Symbol.iterator),
  fc.func(fc.anything()),
  fc.constantFrom(
    () => undefined,
    async () => {
      await Promise.resolve();
    },
    function* generator() {
      yield 1;
    },
    class Settings {
      readonly language = 'en';
    },
  ),
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.uint8Array(),
  fc.float64Array(),
  fc.bigInt64Array(),
  fc.constantFrom(new ArrayBuffer(8), new DataView(new ArrayBuffer(4)), new Map(), new Set()),
  fc.constantFrom(new Error('x'), /language/g, Promise.resolve({ language: 'en' })),
);

const anything = fc.anything({
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withBoxedValues: true,
  withSparseArray: true,
  withObjectString: true,
  stringUnit: 'binary',
});

/** Payloads no generator is likely to hit: cycles, throwing getters and proxies, sheer size and depth. */
function specialPayloads(): [string, unknown][] {
  const cyclic: Record<string, unknown> = { language: 'en' };
  cyclic.self = cyclic;
  const cyclicArray: unknown[] = [];
  cyclicArray.push(cyclicArray);
  let deepObject: unknown = {};
  let deepArray: unknown = [];
  for (let depth = 0; depth < 10_000; depth += 1) {
    deepObject = { language: deepObject };
    deepArray = [deepArray];
  }
  const huge = 'x'.repeat(TEN_MB);
  const boom = (): never => {
    throw new Error('boom');
  };
  return [
    ['a cyclic object', cyclic],
    ['a cyclic array', cyclicArray],
    ['10,000 nested objects', deepObject],
    ['10,000 nested arrays', deepArray],
    ['a 10 MB string', huge],
    ['a 10 MB value', { language: huge }],
    ['a 10 MB key', { [huge]: 'en' }],
    ['100,000 keys', Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]))],
    ['a throwing getter', Object.defineProperty({}, 'language', { get: boom, enumerable: true })],
    ['a proxy whose traps throw', new Proxy({}, { ownKeys: boom, get: boom, has: boom })],
    ['a proxy hiding its prototype', new Proxy({}, { getPrototypeOf: boom })],
    ['symbol keys', { [Symbol('language')]: 'en' }],
    ['a null-prototype settings object', Object.assign(Object.create(null), { language: 'xx' })],
    ['a settings object on a prototype', Object.create({ language: 'en' })],
  ];
}

describe.each(INVOKE_CHANNELS)('fuzzing %s', (channel) => {
  it('answers anything with a well-formed result', async () => {
    await fc.assert(
      fc.asyncProperty(anything, async (payload) => {
        expectWellFormed(channel, await dispatch(channel, FROM_APP, payload));
      }),
      { numRuns: 300 },
    );
    await expectStillAnswering();
  });

  it('answers wrong types and hostile JSON objects with a well-formed result', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(wrongTypes, hostileJsonObject), async (payload) => {
        expectWellFormed(channel, await dispatch(channel, FROM_APP, payload));
      }),
      { numRuns: 300 },
    );
    await expectStillAnswering();
  });

  it.each(specialPayloads())('answers %s with a well-formed result', async (_what, payload) => {
    expectWellFormed(channel, await dispatch(channel, FROM_APP, payload));
    await expectStillAnswering();
  });

  it('refuses any payload from an untrusted sender, whatever it is', async () => {
    await fc.assert(
      fc.asyncProperty(
        anything,
        fc.constantFrom(null, { url: 'app://workbench/', isMainFrame: false }),
        async (payload, sender) => {
          expect(await dispatch(channel, sender, payload)).toMatchObject({
            ok: false,
            error: { code: 'untrusted-sender' },
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('fuzzing the channel name', () => {
  it('answers any channel value with a well-formed result', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anything,
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
          fc.string(),
        ),
        async (channel) => {
          const result = await dispatch(channel, FROM_APP, {});
          const known = typeof channel === 'string' && Object.hasOwn(invokeContract, channel);
          if (!known) {
            expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
          }
          expect(JSON.stringify(result).length).toBeLessThan(20_000);
        },
      ),
      { numRuns: 500 },
    );
    await expectStillAnswering();
  });
});

describe('after the fuzzing', () => {
  it('has polluted no built-in prototype', async () => {
    for (const channel of INVOKE_CHANNELS) {
      await dispatch(channel, FROM_APP, JSON.parse('{"__proto__":{"polluted":true}}'));
      await dispatch(channel, FROM_APP, JSON.parse('{"constructor":{"prototype":{"polluted":1}}}'));
    }
    expect(snapshotPrototypes()).toBe(prototypesBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still holds valid settings and changes them on a valid call', async () => {
    expect(await dispatch('settings-update', FROM_APP, { language: 'en' })).toEqual({
      ok: true,
      value: settingsView({ language: 'en' }),
    });
    expect(await dispatch('settings-read', FROM_APP, {})).toEqual({
      ok: true,
      value: settingsView({ language: 'en' }),
    });
  });
});
