import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildMessage, StartMessage } from '../../../main/demo-backend/process-messages.ts';
import { smallDataset } from './support/small-dataset.ts';

/** The demo back end as its own Node child process, driven by messages like the harness does. */

const ENTRY = fileURLToPath(
  new URL('../../../main/demo-backend/process-entry.ts', import.meta.url),
);
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
});

function start(): ChildProcess {
  const child = fork(ENTRY, [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(child);
  return child;
}

function next(child: ChildProcess, type: ChildMessage['type']): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage): void => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', (code) =>
      reject(new Error(`child exited (${String(code)}) before "${type}"`)),
    );
  });
}

describe('the demo back end process', () => {
  it('starts from a message, reports ready with its URLs and token, and stops', async () => {
    const child = start();
    const message: StartMessage = {
      type: 'start',
      options: { port: 0, dataset: { kind: 'resources', resources: smallDataset(1, 1) as never } },
    };
    const ready = next(child, 'ready');
    child.send(message);
    const answer = await ready;
    if (answer.type !== 'ready') throw new Error('not ready');
    expect(answer.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(answer.serviceBaseUrls.task).toBe(`${answer.origin}/task/fhir`);
    expect(answer.adminToken.length).toBeGreaterThan(20);
    const patient = await fetch(`${answer.serviceBaseUrls.patient ?? ''}/Patient/pat-1`);
    expect(patient.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.send({ type: 'stop' });
    expect(await exited).toBe(0);
  });

  it('reports an invalid dataset instead of starting', async () => {
    const child = start();
    const failed = next(child, 'error');
    child.send({
      type: 'start',
      options: {
        dataset: { kind: 'resources', resources: [{ resourceType: 'AuditEvent', id: 'a1' }] },
      },
    });
    expect(await failed).toMatchObject({
      type: 'error',
      message: expect.stringContaining('no FUT service holds AuditEvent') as string,
    });
  });

  it('generates the synthetic dataset when asked to', async () => {
    const child = start();
    const ready = next(child, 'ready');
    child.send({
      type: 'start',
      options: { dataset: { kind: 'generated', seed: 3, anchor: '2026-11-26', citizens: 2 } },
    });
    const answer = await ready;
    if (answer.type !== 'ready') throw new Error('not ready');
    const patients = (await (
      await fetch(`${answer.serviceBaseUrls.patient ?? ''}/Patient?_summary=count`)
    ).json()) as { total: number };
    expect(patients.total).toBe(2);
  });

  it('says what is wrong with an invalid start message', async () => {
    const child = start();
    const failed = next(child, 'error');
    child.send({ type: 'start', options: { dataset: { kind: 'generated', seed: 1 } } });
    expect(await failed).toMatchObject({
      message: expect.stringContaining('Invalid start message') as string,
    });
  });

  it('answers an unknown message with an error and keeps waiting', async () => {
    const child = start();
    const failed = next(child, 'error');
    child.send({ type: 'launch' });
    expect(await failed).toEqual({ type: 'error', message: 'Unknown message.' });
    expect(child.exitCode).toBeNull();
  });
});
