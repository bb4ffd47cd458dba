import type { Condition, EpisodeOfCare, Patient } from '@medplum/fhirtypes';
import { describe, expect, it, vi } from 'vitest';
import { CPR_SYSTEM } from '../../../../../shared/domain/cpr.ts';
import type { ContextLaunch } from '../../../../../shared/ipc/schemas.ts';
import { createMemorySource } from '../../../../../renderer/data/source/memory-source.ts';
import {
  listenForLaunches,
  outcomeOf,
  type LaunchBridge,
} from '../../../../../renderer/features/launch/launch-flow.ts';
import { session } from '../../../../support/slice-fixtures.ts';

const patient = (id: string, cpr: string): Patient => ({
  resourceType: 'Patient',
  id,
  identifier: [{ system: CPR_SYSTEM, value: cpr }],
  name: [{ family: id }],
});
const episode = (id: string, patientId: string, team: string): EpisodeOfCare => ({
  resourceType: 'EpisodeOfCare',
  id,
  status: 'active',
  patient: { reference: `Patient/${patientId}` },
  team: [{ reference: `CareTeam/${team}` }],
});
const condition: Condition = {
  resourceType: 'Condition',
  id: 'c',
  subject: { reference: 'Patient/p' },
};

// The fixture persona is in team-1; pat-2 has a forløb with another team only.
const source = createMemorySource([
  patient('pat-1', '0101011234'),
  patient('pat-2', '0202021234'),
  episode('e-1', 'pat-1', 'team-1'),
  episode('e-2', 'pat-2', 'team-other'),
  condition,
]);
const open = (cpr: string, teamId: string | null = null): ContextLaunch => ({
  kind: 'open-citizen',
  cpr,
  teamId,
});
const now = new Date('2026-12-08T10:00:00Z');

describe('where a context launch leads', () => {
  it('opens a citizen with a forløb on one of the user’s teams', async () => {
    expect(await outcomeOf(open('0101011234'), session, source, now)).toEqual({
      kind: 'open',
      patientId: 'pat-1',
    });
    expect(await outcomeOf(open('0101011234', 'team-1'), session, source, now)).toEqual({
      kind: 'open',
      patientId: 'pat-1',
    });
  });

  it('refuses a citizen outside the user’s care teams, and an unknown CPR, alike', async () => {
    expect(await outcomeOf(open('0202021234'), session, source, now)).toEqual({
      kind: 'not-in-care',
    });
    expect(await outcomeOf(open('0303031234'), session, source, now)).toEqual({
      kind: 'not-in-care',
    });
  });

  it('refuses a team the user is not in, without looking the citizen up', async () => {
    const readMany = vi.spyOn(source, 'readMany');
    expect(await outcomeOf(open('0202021234', 'team-other'), session, source, now)).toEqual({
      kind: 'not-your-team',
    });
    expect(readMany).not.toHaveBeenCalled();
  });

  it('passes main’s refusal on, and a failed look-up as failed', async () => {
    expect(
      await outcomeOf({ kind: 'refused', reason: 'invalid-cpr' }, session, source, now),
    ).toEqual({ kind: 'refused', reason: 'invalid-cpr' });
    const broken = { ...source, inScope: () => Promise.reject(new Error('offline')) };
    expect((await outcomeOf(open('0101011234'), session, broken, now)).kind).toBe('failed');
  });
});

describe('listening for launches', () => {
  it('takes the waiting launch at once and after every arrival, handling them in order', async () => {
    const waiting: (ContextLaunch | null)[] = [open('0101011234'), null, open('0202021234')];
    let arrive: () => void = () => undefined;
    const bridge: LaunchBridge = {
      launchTake: () => Promise.resolve({ ok: true, value: { launch: waiting.shift() ?? null } }),
      onLaunchReceived: (listener) => {
        arrive = () => listener({});
        return () => undefined;
      },
    };
    const handled: string[] = [];
    const stop = listenForLaunches(bridge, (launch) => {
      handled.push(launch.kind === 'open-citizen' ? launch.cpr : launch.reason);
      return Promise.resolve();
    });
    arrive();
    arrive();
    await vi.waitFor(() => expect(handled).toEqual(['0101011234', '0202021234']));
    stop();
  });

  it('goes on with the next launch after one whose handling failed', async () => {
    const waiting: ContextLaunch[] = [open('0101011234'), open('0202021234')];
    let arrive: () => void = () => undefined;
    const bridge: LaunchBridge = {
      launchTake: () => Promise.resolve({ ok: true, value: { launch: waiting.shift() ?? null } }),
      onLaunchReceived: (listener) => {
        arrive = () => listener({});
        return () => undefined;
      },
    };
    const handled: string[] = [];
    const stop = listenForLaunches(bridge, (launch) => {
      if (launch.kind !== 'open-citizen') return Promise.resolve();
      handled.push(launch.cpr);
      return handled.length === 1
        ? Promise.reject(new Error('navigation failed'))
        : Promise.resolve();
    });
    arrive();
    await vi.waitFor(() => expect(handled).toEqual(['0101011234', '0202021234']));
    stop();
  });
});
