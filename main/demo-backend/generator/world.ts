/**
 * What the citizen generators need to know about the organisations, teams
 * and people built first: who follows which programme where.
 */
import type { AreaKey } from './geography.ts';
import type { ProgrammeKey } from './health-services.ts';

export type TeamSector = 'hospital' | 'municipality' | 'general-practice' | 'cross-sector';

export interface TeamInfo {
  readonly id: string;
  readonly name: string;
  readonly sector: TeamSector;
  /** CareTeam.managingOrganization. */
  readonly organizationId: string;
  /** Practitioners who take tasks, write messages and host video calls for the team. */
  readonly practitionerIds: string[];
}

export interface PracticeInfo {
  readonly organizationId: string;
  readonly name: string;
  readonly ydernummer: string;
  readonly municipalityCode: string;
  readonly teamId: string;
  /** Relative share of the municipality's citizens listed with this practice. */
  readonly weight: number;
}

export interface MunicipalityInfo {
  readonly code: string;
  readonly organizationId: string;
  /** The home-nursing unit (hjemmesygeplejen) that runs telemedicine. */
  readonly nursingUnitId: string;
  readonly teamId: string;
}

export interface HospitalUnitInfo {
  readonly departmentKey: string;
  /** The department's own Organization. */
  readonly departmentId: string;
  /** Where its teams sit: the outpatient clinic if it has one, else the department. */
  readonly unitId: string;
}

export interface World {
  readonly regionId: string;
  readonly municipalities: ReadonlyMap<string, MunicipalityInfo>;
  readonly hospitalUnits: ReadonlyMap<string, HospitalUnitInfo>;
  /** Key `${departmentKey}/${programme}`. */
  readonly hospitalTeams: Map<string, string>;
  readonly areaTeams: Map<AreaKey, string>;
  readonly practices: readonly PracticeInfo[];
  readonly teams: Map<string, TeamInfo>;
}

export function hospitalTeamKey(departmentKey: string, programme: ProgrammeKey): string {
  return `${departmentKey}/${programme}`;
}

/** A team by id; throws for an id the world does not have. */
export function team(world: World, id: string): TeamInfo {
  const found = world.teams.get(id);
  if (!found) throw new Error(`unknown team ${id}`);
  return found;
}
