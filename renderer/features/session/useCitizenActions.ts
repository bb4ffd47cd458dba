import { useMemo } from 'react';
import { allowedForCitizen, type AppAction } from '../../../shared/domain/roles.ts';
import { useAppSelector } from '../../app/hooks.ts';
import { selectSession } from './sessionSlice.ts';

/**
 * What the signed-in user may do for the open citizen, by their role in the
 * teams on the citizen's forløb (docs/adr/0006): the UI leaves out what the
 * role cannot do instead of failing on the server's 403.
 */
export function useCitizenActions(
  episodes: readonly { readonly teamIds: readonly string[] }[],
): (action: AppAction) => boolean {
  const session = useAppSelector(selectSession);
  return useMemo(() => {
    const teams = session?.persona.careTeams ?? [];
    const citizenTeams = episodes.flatMap((episode) => episode.teamIds);
    return (action: AppAction) => allowedForCitizen(teams, citizenTeams, action);
  }, [session, episodes]);
}
