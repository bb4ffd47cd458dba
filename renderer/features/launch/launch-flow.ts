import type { ContextLaunch, LaunchRefusal, Session } from '../../../shared/ipc/schemas.ts';
import type { WorkbenchApi } from '../../../shared/ipc/workbench-api.ts';
import type { ResourceSource } from '../../data/source/resource-source.ts';
import { caseload } from '../caseload/queries.ts';

/** The bridge methods a context launch uses. */
export type LaunchBridge = Pick<WorkbenchApi, 'launchTake' | 'onLaunchReceived'>;

/** What the page does with a launch: open a citizen, or say why not. */
export type LaunchOutcome =
  | { readonly kind: 'open'; readonly patientId: string }
  | { readonly kind: 'refused'; readonly reason: LaunchRefusal }
  | { readonly kind: 'not-in-care' }
  | { readonly kind: 'not-your-team' }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * Where a launch leads for the signed-in user: only to a citizen with a
 * current forløb on one of their care teams (on the named team, when the
 * practice system names one of theirs). A launch opens; it never acts.
 */
export async function outcomeOf(
  launch: ContextLaunch,
  session: Session,
  source: ResourceSource,
  now: Date,
  signal?: AbortSignal,
): Promise<LaunchOutcome> {
  if (launch.kind === 'refused') return { kind: 'refused', reason: launch.reason };
  const teams = session.persona.careTeams.map((team) => team.id);
  if (launch.teamId !== null && !teams.includes(launch.teamId)) return { kind: 'not-your-team' };
  const careTeamIds = launch.teamId === null ? teams : [launch.teamId];
  try {
    const rows = await caseload(source, { careTeamIds }, now, signal);
    const row = rows.find((candidate) => candidate.cpr.replace(/\D/g, '') === launch.cpr);
    return row ? { kind: 'open', patientId: row.patientId } : { kind: 'not-in-care' };
  } catch (error) {
    return { kind: 'failed', error };
  }
}

/**
 * Takes the waiting launch now and whenever main says one has arrived, and
 * hands each to `handle`, one at a time in order. Returns the unsubscribe.
 */
export function listenForLaunches(
  bridge: LaunchBridge,
  handle: (launch: ContextLaunch) => Promise<void>,
): () => void {
  let chain = Promise.resolve();
  let stopped = false;
  const take = () => {
    // A failed take or handling must not stop the launches after it.
    chain = chain
      .then(async () => {
        if (stopped) return;
        const taken = await bridge.launchTake();
        if (!stopped && taken.ok && taken.value.launch) await handle(taken.value.launch);
      })
      .catch(() => undefined);
  };
  const unsubscribe = bridge.onLaunchReceived(take);
  take();
  return () => {
    stopped = true;
    unsubscribe();
  };
}
