/**
 * Care teams (ehealth-careteam) and the people in them, across sectors:
 * one team per hospital department and programme, one telemedicine team per
 * municipality's home nursing, one per GP practice, and one cross-sector
 * TeleCare Nord team per area with members from all three sectors. The
 * personas are placed in their teams here.
 */
import type { CareTeamParticipant } from '@medplum/fhirtypes';
import { toCodeableConcept } from '../../../shared/fhir/coding.ts';
import type { DiagnosisKey } from '../../../shared/fhir/codes-care.ts';
import { Diagnosis } from '../../../shared/fhir/codes-care.ts';
import type { RoleKey } from '../../../shared/fhir/codes-organization.ts';
import { CareTeamRole } from '../../../shared/fhir/codes-organization.ts';
import { Profile } from '../../../shared/fhir/profiles.ts';
import { IdentifierSystem } from '../../../shared/fhir/systems.ts';
import type { DemoPersona } from '../../../shared/domain/persona.ts';
import type { AreaKey } from './geography.ts';
import { AREA_NAMES, MUNICIPALITIES } from './geography.ts';
import type { ProgrammeKey } from './health-services.ts';
import { DEPARTMENTS, PROGRAMME_TEAM_WORD, siteTown } from './health-services.ts';
import { danishName } from './names.ts';
import { addFixedOrganizations } from './organizations.ts';
import type { PersonaId } from './personas.ts';
import { PERSONA_STAFF, demoPersona } from './personas.ts';
import { PERSONA_PRACTICE_ID, addPractices } from './practices.ts';
import type { Rng } from './random.ts';
import type { Sink } from './sink.ts';
import { refTo } from './sink.ts';
import type { StaffMember } from './staff.ts';
import { addStaff } from './staff.ts';
import type {
  HospitalUnitInfo,
  MunicipalityInfo,
  PracticeInfo,
  TeamInfo,
  TeamSector,
  World,
} from './world.ts';
import { hospitalTeamKey } from './world.ts';

const PROGRAMME_DIAGNOSIS: Readonly<Record<ProgrammeKey, DiagnosisKey>> = {
  copd: 'DJ44',
  'heart-failure': 'DI50',
  diabetes: 'DE11',
  pregnancy: 'DZ76',
};

interface TeamInput {
  readonly id: string;
  readonly name: string;
  readonly sector: TeamSector;
  readonly organizationId: string;
  readonly reasons: readonly DiagnosisKey[];
  readonly members: readonly StaffMember[];
  /** Participants who oversee the team's caseload but take none of its work (the coordinator). */
  readonly overseers?: readonly StaffMember[];
}

function addCareTeam(sink: Sink, rng: Rng, input: TeamInput): TeamInfo {
  const participant: CareTeamParticipant[] = [...input.members, ...(input.overseers ?? [])].map(
    (member) => ({
      role: [toCodeableConcept(CareTeamRole[member.roles[0] ?? 'clinical_viewer'])],
      member: refTo('Practitioner', member.id),
      onBehalfOf: refTo('Organization', member.organizationId),
    }),
  );
  sink.add({
    resourceType: 'CareTeam',
    id: input.id,
    meta: { profile: [Profile.careTeam] },
    identifier: [{ system: IdentifierSystem.uri, value: `urn:uuid:${rng.uuid()}` }],
    status: 'active',
    name: input.name,
    reasonCode: input.reasons.map((key) => toCodeableConcept(Diagnosis[key])),
    participant,
    managingOrganization: [refTo('Organization', input.organizationId)],
  });
  return {
    id: input.id,
    name: input.name,
    sector: input.sector,
    organizationId: input.organizationId,
    practitionerIds: input.members.map((m) => m.id),
  };
}

function hire(
  sink: Sink,
  rng: Rng,
  organizationId: string,
  title: string,
  roles: readonly RoleKey[],
  count: number,
): StaffMember[] {
  const hired: StaffMember[] = [];
  for (let i = 0; i < count; i++) {
    const sex = rng.chance(title.includes('læge') ? 0.5 : 0.8) ? 'female' : 'male';
    hired.push(addStaff(sink, { name: danishName(rng, sex), sex, title, organizationId, roles }));
  }
  return hired;
}

function addPersona(sink: Sink, id: PersonaId, organizationId: string): StaffMember {
  const staff = PERSONA_STAFF[id];
  return addStaff(sink, {
    id: staff.practitionerId,
    name: staff.name,
    sex: staff.sex,
    title: staff.jobTitle,
    organizationId,
    roles: staff.roles,
  });
}

export interface BuiltWorld {
  readonly world: World;
  readonly personas: DemoPersona[];
}

/** Organisations, practices, staff, care teams and personas. */
export function buildWorld(sink: Sink, rng: Rng, citizens: number): BuiltWorld {
  const fixed = addFixedOrganizations(sink);
  const practiceSeeds = addPractices(sink, rng.fork('practices'), citizens);
  const teams = new Map<string, TeamInfo>();
  const remember = (info: TeamInfo): TeamInfo => (teams.set(info.id, info), info);
  const staffRng = rng.fork('staff');
  const teamRng = rng.fork('teams');

  const coordinator = addPersona(sink, 'coordinator', fixed.regionId);
  const hospitalUnits = new Map<string, HospitalUnitInfo>();
  const hospitalTeams = new Map<string, string>();
  const areaMembers = new Map<AreaKey, StaffMember[]>();
  const joinArea = (area: AreaKey, member: StaffMember | undefined): void => {
    if (member) areaMembers.set(area, [...(areaMembers.get(area) ?? []), member]);
  };

  for (const department of DEPARTMENTS) {
    const [departmentId, unitId] = fixed.departments.get(department.key) ?? ['', ''];
    hospitalUnits.set(department.key, { departmentKey: department.key, departmentId, unitId });
    const unitName = department.clinic ?? department.name;
    for (const programme of department.programmes) {
      const members = [
        ...hire(sink, staffRng, unitId, 'Overlæge', ['monitoring_adjuster', 'citizen_enroller'], 1),
        ...hire(sink, staffRng, unitId, 'Sygeplejerske', ['monitoring_adjuster'], 3),
      ];
      const isPersonaTeam = department.key === 'aauh-aalborg-lung' && programme === 'copd';
      if (isPersonaTeam) members.push(addPersona(sink, 'hospital-nurse', unitId));
      const coordinated =
        isPersonaTeam ||
        (department.key === 'aauh-aalborg-cardio' && programme === 'heart-failure');
      const id = `team-${department.key}-${programme}`;
      remember(
        addCareTeam(sink, teamRng, {
          id,
          name: `${PROGRAMME_TEAM_WORD[programme]}, ${unitName}, ${siteTown(department.site)}`,
          sector: 'hospital',
          organizationId: unitId,
          reasons: [PROGRAMME_DIAGNOSIS[programme]],
          members,
          overseers: coordinated ? [coordinator] : [],
        }),
      );
      hospitalTeams.set(hospitalTeamKey(department.key, programme), id);
      if (programme !== 'pregnancy' && programme !== 'diabetes') {
        const area = MUNICIPALITIES.find((m) => m.medicalSite === department.site)?.area;
        if (area) joinArea(area, members[1]);
      }
    }
  }

  const municipalities = new Map<string, MunicipalityInfo>();
  for (const m of MUNICIPALITIES) {
    const [organizationId, nursingUnitId] = fixed.municipalities.get(m.code) ?? ['', ''];
    const big = m.population > 100_000;
    const members = [
      ...hire(sink, staffRng, nursingUnitId, 'Sygeplejerske', ['monitoring_adjuster'], big ? 6 : 3),
      ...hire(
        sink,
        staffRng,
        nursingUnitId,
        'Social- og sundhedsassistent',
        ['monitoring_assistor'],
        big ? 2 : 1,
      ),
    ];
    if (m.code === '860') {
      members.unshift(addPersona(sink, 'municipal-nurse', nursingUnitId));
      members.push(addPersona(sink, 'viewer', nursingUnitId));
    }
    const teamId = `team-kommune-${m.code}`;
    remember(
      addCareTeam(sink, teamRng, {
        id: teamId,
        name: `Telemedicinsk team, Hjemmesygeplejen, ${m.name} Kommune`,
        sector: 'municipality',
        organizationId: nursingUnitId,
        reasons: ['DJ44', 'DI50', 'DE11'],
        members,
        overseers: m.code === '851' ? [coordinator] : [],
      }),
    );
    municipalities.set(m.code, { code: m.code, organizationId, nursingUnitId, teamId });
    joinArea(m.area, members[0]);
  }

  const practices: PracticeInfo[] = [];
  let gpPersonaTeam = '';
  for (const seed of practiceSeeds) {
    const organizationId = seed.organization.id ?? '';
    const isPersona = organizationId === PERSONA_PRACTICE_ID;
    const members = [
      ...(isPersona ? [addPersona(sink, 'gp', organizationId)] : []),
      ...hire(
        sink,
        staffRng,
        organizationId,
        'Praktiserende læge',
        ['monitoring_adjuster', 'clinical_viewer'],
        staffRng.int(1, 3),
      ),
      ...hire(sink, staffRng, organizationId, 'Praksissygeplejerske', ['monitoring_assistor'], 1),
    ];
    const teamId = organizationId.replace(/^org-/, 'team-');
    remember(
      addCareTeam(sink, teamRng, {
        id: teamId,
        name: `Behandlerteam, ${seed.organization.name ?? ''}`,
        sector: 'general-practice',
        organizationId,
        reasons: ['DJ44', 'DI50', 'DE11', 'DZ76'],
        members,
      }),
    );
    if (isPersona) gpPersonaTeam = teamId;
    practices.push({
      organizationId,
      name: seed.organization.name ?? '',
      ydernummer: seed.ydernummer,
      municipalityCode: seed.municipality.code,
      teamId,
      weight: seed.weight,
    });
  }

  const areaTeams = new Map<AreaKey, string>();
  for (const area of Object.keys(AREA_NAMES) as AreaKey[]) {
    const members = areaMembers.get(area) ?? [];
    const id = `team-telecare-nord-${area}`;
    remember(
      addCareTeam(sink, teamRng, {
        id,
        name: `TeleCare Nord, tværsektorielt team, ${AREA_NAMES[area]}`,
        sector: 'cross-sector',
        organizationId: fixed.regionId,
        reasons: ['DJ44', 'DI50'],
        members,
        overseers: area === 'aalborg' ? [coordinator] : [],
      }),
    );
    areaTeams.set(area, id);
  }

  const lungTeam = hospitalTeams.get(hospitalTeamKey('aauh-aalborg-lung', 'copd')) ?? '';
  const heartTeam =
    hospitalTeams.get(hospitalTeamKey('aauh-aalborg-cardio', 'heart-failure')) ?? '';
  const lungUnit = hospitalUnits.get('aauh-aalborg-lung')?.unitId ?? '';
  const hjoerring = municipalities.get('860');
  const aalborg = municipalities.get('851');
  const personas: DemoPersona[] = [
    demoPersona(PERSONA_STAFF['hospital-nurse'], lungUnit, [lungTeam]),
    demoPersona(PERSONA_STAFF['municipal-nurse'], hjoerring?.nursingUnitId ?? '', [
      hjoerring?.teamId ?? '',
    ]),
    demoPersona(PERSONA_STAFF.gp, PERSONA_PRACTICE_ID, [gpPersonaTeam]),
    demoPersona(PERSONA_STAFF.coordinator, fixed.regionId, [
      areaTeams.get('aalborg') ?? '',
      lungTeam,
      heartTeam,
      aalborg?.teamId ?? '',
    ]),
    demoPersona(PERSONA_STAFF.viewer, hjoerring?.nursingUnitId ?? '', [hjoerring?.teamId ?? '']),
  ];

  const world: World = {
    regionId: fixed.regionId,
    municipalities,
    hospitalUnits,
    hospitalTeams,
    areaTeams,
    practices,
    teams,
  };
  return { world, personas };
}
