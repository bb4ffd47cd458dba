import { describe, expect, it } from 'vitest';
import { reportUncaughtErrors } from '../../../../renderer/app/error-reporting.ts';

describe('uncaught page errors go to main', () => {
  it('sends the name, message and place of an error and of a rejection; nothing after stopping', () => {
    const target = new EventTarget();
    const sent: unknown[] = [];
    const stop = reportUncaughtErrors(target, {
      logRendererError: (request) => {
        sent.push(request);
        return Promise.resolve({ ok: true, value: {} });
      },
    });
    const error = Object.assign(new Event('error'), {
      error: new TypeError('x is undefined'),
      message: 'x is undefined',
      filename: 'app://workbench/assets/index.js',
      lineno: 3,
      colno: 14,
    });
    target.dispatchEvent(error);
    target.dispatchEvent(
      Object.assign(new Event('unhandledrejection'), { reason: new RangeError('bad') }),
    );
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: { secret: 1 } }));
    stop();
    target.dispatchEvent(
      Object.assign(new Event('unhandledrejection'), { reason: new Error('late') }),
    );
    expect(sent).toEqual([
      { message: 'TypeError: x is undefined', source: 'app://workbench/assets/index.js:3:14' },
      { message: 'RangeError: bad' },
      { message: 'Non-error thrown: object' },
    ]);
  });
});
