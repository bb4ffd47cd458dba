import { describe, expect, it } from 'vitest';
import { createLaunchInbox } from '../../../../main/launch/launch-inbox.ts';
import { parseLaunchArgs, parseLaunchUrl } from '../../../../main/launch/launch-request.ts';
import { readyBackend, testPersona } from '../../../support/backend-state.ts';
import { useTempDir } from '../../../support/temp-dir.ts';
import { testRuntime } from '../../../support/test-runtime.ts';

const FROM_APP = { url: 'app://workbench/', isMainFrame: true };

describe('the launch inbox', () => {
  it('keeps the newest launch for one taking, tells its listeners, and logs no CPR', () => {
    const logged: string[] = [];
    const inbox = createLaunchInbox((message) => logged.push(message));
    let told = 0;
    inbox.onReceived(() => (told += 1));
    inbox.receive(parseLaunchArgs(['workbench']));
    expect(told).toBe(0);
    inbox.receive(parseLaunchUrl('nordjysk-workbench://citizen?cpr=0101011234'));
    inbox.receive(parseLaunchUrl('nordjysk-workbench://citizen?cpr=0202021234&team=t-1'));
    expect(told).toBe(2);
    expect(inbox.take()).toEqual({ kind: 'open-citizen', cpr: '0202021234', teamId: 't-1' });
    expect(inbox.take()).toBeNull();
    inbox.receive(parseLaunchUrl('nordjysk-workbench://approve?cpr=0101011234'));
    expect(inbox.take()).toEqual({ kind: 'refused', reason: 'unknown-target' });
    expect(logged.join('\n')).not.toMatch(/\d{6}/);
  });
});

describe('launch-take through the real dispatcher', () => {
  const temp = useTempDir('wb-launch-ipc');

  it('hands the waiting launch to a signed-in page only, once', async () => {
    const { dispatch, services } = testRuntime(temp.path, {
      backend: readyBackend([testPersona('gp', 'p-2')]),
    });
    services.launches.receive(parseLaunchUrl('nordjysk-workbench://citizen?cpr=010101-1234'));
    // Signed out: the launch waits for the sign-in.
    expect(await dispatch('launch-take', FROM_APP, {})).toEqual({
      ok: true,
      value: { launch: null },
    });
    services.sessions.signIn('gp');
    expect(await dispatch('launch-take', FROM_APP, {})).toEqual({
      ok: true,
      value: { launch: { kind: 'open-citizen', cpr: '0101011234', teamId: null } },
    });
    expect(await dispatch('launch-take', FROM_APP, {})).toEqual({
      ok: true,
      value: { launch: null },
    });
  });
});
