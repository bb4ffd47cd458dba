import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMainRuntime } from '../../../../main/runtime.ts';
import {
  createSessionManager,
  UnknownPersonaError,
} from '../../../../main/session/session-manager.ts';
import type { PersonaRecord } from '../../../../shared/domain/persona-record.ts';
import { readyBackend } from '../../../support/backend-state.ts';

const gp: PersonaRecord = {
  summary: {
    id: 'gp',
    displayName: 'Lone Kjærgaard',
    title: 'Praktiserende læge',
    sector: 'general-practice',
    organizationName: 'Lægehuset Vestergade',
    careTeams: [
      { id: 'team-1', name: 'Lægehuset Vestergade – patienter', role: 'monitoring_adjuster' },
    ],
  },
  practitionerId: 'prac-1',
  organizationId: 'org-1',
};

describe('the session manager', () => {
  it('says personas are not ready while the demo back end starts, then lists them', () => {
    let ready: PersonaRecord[] | null = null;
    const sessions = createSessionManager(() => ready);
    expect(sessions.personas()).toEqual({ starting: true, unavailable: null, personas: [] });
    ready = [gp];
    expect(sessions.personas()).toEqual({
      starting: false,
      unavailable: null,
      personas: [gp.summary],
    });
  });

  it('signs in as a persona, marks the session as demo, and signs out', () => {
    const sessions = createSessionManager(
      () => [gp],
      () => new Date('2026-11-26T08:00:00Z'),
    );
    const session = sessions.signIn('gp');
    expect(session).toEqual({
      persona: gp.summary,
      practitionerId: 'prac-1',
      organizationId: 'org-1',
      signedInAt: '2026-11-26T08:00:00.000Z',
      demo: true,
    });
    expect(sessions.current()).toEqual(session);
    sessions.signOut();
    expect(sessions.current()).toBeNull();
  });

  it('refuses an unknown persona and keeps the current session', () => {
    const sessions = createSessionManager(() => [gp]);
    const session = sessions.signIn('gp');
    expect(() => sessions.signIn('chief-surgeon')).toThrow(UnknownPersonaError);
    expect(sessions.current()).toEqual(session);
  });

  it('reaches the page as a typed refusal with a reason the UI can translate', async () => {
    const runtime = createMainRuntime({
      appInfo: {
        name: 'w',
        version: '1',
        mode: 'harness',
        platform: 'linux',
        electronVersion: null,
        chromeVersion: null,
      },
      appOrigin: 'http://127.0.0.1:1',
      userDataDir: await mkdtemp(join(tmpdir(), 'session-')),
      log: () => undefined,
      backend: readyBackend([gp]),
    });
    const sender = { url: 'http://127.0.0.1:1/', isMainFrame: true };
    expect(await runtime.dispatch('session-sign-in', sender, { personaId: 'nobody' })).toEqual({
      ok: false,
      error: {
        code: 'handler-failed',
        message: 'There is no demo persona with the id "nobody".',
        reason: 'unknown-persona',
      },
    });
    expect(await runtime.dispatch('session-sign-in', sender, { personaId: 'gp' })).toMatchObject({
      ok: true,
      value: { persona: { id: 'gp' } },
    });
    expect(await runtime.dispatch('session-current', sender, {})).toMatchObject({
      ok: true,
      value: { session: { persona: { id: 'gp' } } },
    });
  });
});
