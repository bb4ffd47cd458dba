import { describe, expect, it } from 'vitest';
import {
  launchDemoBackend,
  type ChildHandle,
} from '../../../../main/backend/demo-backend-launcher.ts';

/** A child process stand-in that answers the start message with a script. */
function scriptedChild(
  answer: (send: (message: unknown) => void, exit: (code: number) => void) => void,
) {
  const listeners: ((message: unknown) => void)[] = [];
  const exits: ((code: number | null) => void)[] = [];
  const sent: unknown[] = [];
  let killed = false;
  const child: ChildHandle = {
    send: (message) => {
      sent.push(message);
      if ((message as { type?: string }).type === 'start') {
        answer(
          (reply) => listeners.forEach((listener) => listener(reply)),
          (code) => exits.forEach((listener) => listener(code)),
        );
      }
      if ((message as { type?: string }).type === 'stop') exits.forEach((listener) => listener(0));
    },
    onMessage: (listener) => listeners.push(listener),
    onExit: (listener) => exits.push(listener),
    kill: () => {
      killed = true;
    },
  };
  return { child, sent, killed: () => killed };
}

const dataset = { seed: 1, anchor: '2026-11-26' };
const persona = {
  summary: {
    id: 'gp',
    displayName: 'Anne',
    title: 'Læge',
    sector: 'general-practice',
    organizationName: 'Lægehuset',
    careTeams: [{ id: 'team-1', name: 'Team', role: 'monitoring_adjuster' }],
  },
  practitionerId: 'prac-1',
  organizationId: 'org-1',
};

describe('launchDemoBackend', () => {
  it('asks for a generated dataset and resolves with services and personas when the child is ready', async () => {
    const { child, sent } = scriptedChild((send) => {
      send({ type: 'log', entry: { kind: 'start' } });
      send({
        type: 'ready',
        origin: 'http://127.0.0.1:5000',
        serviceBaseUrls: { patient: 'http://127.0.0.1:5000/patient/fhir' },
        adminToken: 'token-123456',
        personas: [persona],
      });
    });
    const running = await launchDemoBackend(child, { dataset });
    expect(sent[0]).toEqual({
      type: 'start',
      options: { dataset: { kind: 'generated', seed: 1, anchor: '2026-11-26' } },
    });
    expect(running.personas).toEqual([persona]);
    expect(running.serviceBaseUrls.patient).toBe('http://127.0.0.1:5000/patient/fhir');
    await running.stop();
    expect(sent.at(-1)).toEqual({ type: 'stop' });
  });

  it('rejects with the child’s reason when it cannot start', async () => {
    const { child } = scriptedChild((send) => send({ type: 'error', message: 'port in use' }));
    await expect(launchDemoBackend(child, { dataset })).rejects.toThrow(
      'The demo back end could not start: port in use',
    );
  });

  it('rejects when the child dies before it is ready', async () => {
    const { child } = scriptedChild((_send, exit) => exit(134));
    await expect(launchDemoBackend(child, { dataset })).rejects.toThrow('exit code 134');
  });

  it('ignores malformed messages and times out rather than trusting them', async () => {
    const { child, killed } = scriptedChild((send) => {
      send({ type: 'ready', origin: 'not a url', serviceBaseUrls: {}, adminToken: 'x' });
      send('garbage');
    });
    await expect(launchDemoBackend(child, { dataset, timeoutMs: 50 })).rejects.toThrow(
      'did not start within',
    );
    expect(killed()).toBe(true);
  });
});
