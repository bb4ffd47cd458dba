import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createAppLog } from '../../../../main/log/app-log.ts';
import { readyBackend, testPersona } from '../../../support/backend-state.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { TEST_APP_INFO, testRuntime } from '../../../support/test-runtime.ts';

const FROM_APP = { url: 'app://workbench/', isMainFrame: true };

describe('page errors and diagnostics through the real dispatcher', () => {
  const temp = useTempDir('wb-log-ipc');

  function runtime() {
    const appLog = createAppLog({ directory: temp.path });
    const built = testRuntime(temp.path, {
      appInfo: { ...TEST_APP_INFO, version: '1.2.3' },
      log: appLog.info,
      appLog,
      backend: readyBackend([testPersona('gp', 'p-2')]),
    });
    return { ...built, appLog };
  }

  it("writes a page's error to the log, scrubbed, and hands it to diagnostics", async () => {
    const { dispatch, appLog } = runtime();
    expect(
      await dispatch(
        'log-renderer-error',
        FROM_APP,
        {
          message: 'TypeError: no "Jens Hansen" for 0101011234',
          source: 'app://workbench/x.js:1:2',
        },
        { contentsId: 7 },
      ),
    ).toEqual({ ok: true, value: {} });
    const text = await readFile(appLog.file, 'utf8');
    expect(text).toContain(
      'renderer (window 7): TypeError: no "[text]" for [cpr] at app://workbench/x.js:1:2',
    );
    const diagnostics = await dispatch('diagnostics-read', FROM_APP, {});
    expect(diagnostics).toMatchObject({
      ok: true,
      value: {
        appInfo: { version: '1.2.3' },
        settings: { preferences: { language: 'da' } },
        recentErrors: [expect.stringContaining('[cpr]')],
      },
    });
    expect(JSON.stringify(diagnostics)).not.toMatch(/0101011234|Jens/);
  });

  it('refuses an over-long message or an unknown field, and a call from no window', async () => {
    const { dispatch } = runtime();
    const tooLong = await dispatch(
      'log-renderer-error',
      FROM_APP,
      { message: 'x'.repeat(2001) },
      { contentsId: 7 },
    );
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const extra = await dispatch(
      'log-renderer-error',
      FROM_APP,
      { message: 'x', body: '{}' },
      { contentsId: 7 },
    );
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const noWindow = await dispatch('log-renderer-error', FROM_APP, { message: 'x' });
    expect(noWindow).toMatchObject({ ok: false });
  });
});
