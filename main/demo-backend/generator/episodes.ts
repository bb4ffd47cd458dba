/**
 * A citizen's forløb for one programme: the Condition, the EpisodeOfCare
 * (status, period, care-manager organisation, teams, default team and
 * primary contact) and, while it is active or on hold, the PITEOC Consent
 * that allowed it to become active.
 */
import type { EpisodeOfCare } from '@medplum/fhirtypes';
import { toCodeableConcept, toCoding } from '../../../shared/fhir/coding.ts';
import type { EpisodeOfCareStatus } from '../../../shared/fhir/codes-care.ts';
import {
  ConsentCategory,
  ConsentScope,
  Diagnosis,
  ParticipantFunction,
} from '../../../shared/fhir/codes-care.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import type { Citizen } from './citizens.ts';
import { departmentFor } from './health-services.ts';
import type { ManagerSector, ProgrammeDef } from './programmes.ts';
import type { Rng } from './random.ts';
import type { Sink } from './sink.ts';
import { refTo } from './sink.ts';
import type { DataCalendar } from './time.ts';
import { DAY_MS, isoInstant } from './time.ts';
import type { World } from './world.ts';
import { hospitalTeamKey, team } from './world.ts';

export interface Episode {
  readonly id: string;
  readonly conditionId: string;
  readonly citizen: Citizen;
  readonly programme: ProgrammeDef;
  readonly status: EpisodeOfCareStatus;
  /** First and last day (offsets from the anchor) of the forløb; `endDay` only when finished. */
  readonly startDay: number;
  readonly endDay?: number;
  /** Last day measurements are expected: the end, the day it went on hold, or today. */
  readonly monitoredUntilDay: number;
  readonly managerSector: ManagerSector;
  readonly caremanagerOrganizationId: string;
  readonly teamIds: readonly string[];
  /** The team that gets the forløb's tasks and messages. */
  readonly defaultTeamId: string;
  readonly municipalTeamId?: string;
  readonly primaryContactId: string;
}

/** The statuses the demo draws: mostly active, some finished, planned or on hold. */
type DrawnStatus = Extract<EpisodeOfCareStatus, 'active' | 'finished' | 'planned' | 'onhold'>;

function chooseStatus(rng: Rng): DrawnStatus {
  return rng.weighted<DrawnStatus>([
    ['active', 0.82],
    ['finished', 0.08],
    ['planned', 0.05],
    ['onhold', 0.05],
  ]);
}

function timing(
  rng: Rng,
  programme: ProgrammeDef,
  status: DrawnStatus,
): { startDay: number; endDay?: number; monitoredUntilDay: number } {
  const [minDuration, maxDuration] = programme.duration;
  const pregnancy = programme.key === 'pregnancy';
  switch (status) {
    case 'planned': {
      const startDay = rng.int(2, 21);
      return { startDay, monitoredUntilDay: startDay - 1 };
    }
    case 'finished': {
      const endDay = -rng.int(5, 150);
      return {
        startDay: endDay - rng.int(minDuration, maxDuration),
        endDay,
        monitoredUntilDay: endDay,
      };
    }
    case 'onhold':
      return { startDay: -rng.int(60, 400), monitoredUntilDay: -rng.int(3, 20) };
    case 'active':
      return { startDay: pregnancy ? -rng.int(14, 120) : -rng.int(20, 600), monitoredUntilDay: 0 };
  }
}

/** Decides the episode's shape and adds Condition, EpisodeOfCare and Consent. */
export function addEpisode(
  sink: Sink,
  rng: Rng,
  calendar: DataCalendar,
  world: World,
  citizen: Citizen,
  programme: ProgrammeDef,
): Episode {
  const status = chooseStatus(rng);
  const { startDay, endDay, monitoredUntilDay } = timing(rng, programme, status);
  const managerSector = rng.weighted(programme.manager);
  const municipal = world.municipalities.get(citizen.municipality.code);
  const department = departmentFor(programme.key, citizen.municipality.code);
  const hospitalUnit = world.hospitalUnits.get(department.key);
  const hospitalTeamId =
    world.hospitalTeams.get(hospitalTeamKey(department.key, programme.key)) ?? '';
  const includeHospital =
    managerSector === 'hospital' || programme.key !== 'diabetes' || rng.chance(0.3);
  const includeMunicipal = managerSector === 'municipality' || rng.chance(programme.municipalShare);
  const includeGp = managerSector === 'general-practice' || rng.chance(programme.gpShare);
  const areaTeamId =
    programme.key === 'copd' || programme.key === 'heart-failure'
      ? world.areaTeams.get(citizen.municipality.area)
      : undefined;

  const teamIds = [
    ...(includeHospital ? [hospitalTeamId] : []),
    ...(includeMunicipal && municipal ? [municipal.teamId] : []),
    ...(includeGp ? [citizen.practice.teamId] : []),
    ...(areaTeamId ? [areaTeamId] : []),
  ];
  const defaultTeamId =
    managerSector === 'hospital'
      ? hospitalTeamId
      : managerSector === 'municipality'
        ? (municipal?.teamId ?? hospitalTeamId)
        : citizen.practice.teamId;
  const caremanagerOrganizationId =
    managerSector === 'hospital'
      ? (hospitalUnit?.unitId ?? world.regionId)
      : managerSector === 'municipality'
        ? (municipal?.nursingUnitId ?? world.regionId)
        : citizen.practice.organizationId;
  const managingOrganizationId =
    managerSector === 'hospital'
      ? world.regionId
      : managerSector === 'municipality'
        ? (municipal?.organizationId ?? world.regionId)
        : citizen.practice.organizationId;
  const primaryContactId = rng.pick(team(world, defaultTeamId).practitionerIds);

  const diagnosis = Diagnosis[programme.diagnosis];
  const conditionId = sink.id('cond');
  const start = calendar.at(startDay, 9);
  sink.add({
    resourceType: 'Condition',
    id: conditionId,
    meta: { profile: [Profile.condition] },
    clinicalStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
          code: status === 'finished' && programme.key === 'pregnancy' ? 'resolved' : 'active',
        },
      ],
    },
    verificationStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' },
      ],
    },
    code: {
      ...toCodeableConcept(diagnosis),
      ...(programme.conditionText ? { text: programme.conditionText } : {}),
    },
    subject: refTo('Patient', citizen.patientId),
    recordedDate: isoInstant(start - rng.int(3, 30) * DAY_MS),
  });

  const id = sink.id('eoc');
  const plannedFrom = start - rng.int(3, 12) * DAY_MS;
  const episode: EpisodeOfCare = {
    resourceType: 'EpisodeOfCare',
    id,
    meta: { profile: [Profile.episodeOfCare] },
    extension: [
      {
        url: Ext.caremanagerOrganization,
        valueReference: refTo('Organization', caremanagerOrganizationId),
      },
      {
        url: Ext.participant,
        extension: [
          { url: 'function', valueCoding: toCoding(ParticipantFunction.primaryContact) },
          { url: 'actor', valueReference: refTo('Practitioner', primaryContactId) },
        ],
      },
      {
        url: Ext.participant,
        extension: [
          { url: 'function', valueCoding: toCoding(ParticipantFunction.defaultCareTeam) },
          { url: 'actor', valueReference: refTo('CareTeam', defaultTeamId) },
        ],
      },
      ...(status === 'planned'
        ? [
            {
              url: Ext.episodeOfCareStatusSchedule,
              extension: [
                { url: 'status', valueCode: 'active' },
                { url: 'scheduledTime', valueDateTime: isoInstant(start) },
              ],
            },
          ]
        : []),
    ],
    status,
    statusHistory:
      status === 'planned'
        ? [{ status: 'planned', period: { start: isoInstant(plannedFrom) } }]
        : [
            {
              status: 'planned',
              period: { start: isoInstant(plannedFrom), end: isoInstant(start) },
            },
            ...statusHistoryAfterStart(calendar, status, start, endDay, monitoredUntilDay),
          ],
    diagnosis: [{ condition: refTo('Condition', conditionId), rank: 1 }],
    patient: refTo('Patient', citizen.patientId),
    managingOrganization: refTo('Organization', managingOrganizationId),
    period: {
      start: isoInstant(start),
      ...(endDay !== undefined ? { end: isoInstant(calendar.at(endDay, 15)) } : {}),
    },
    team: teamIds.map((teamId) => refTo('CareTeam', teamId)),
  };
  sink.add(episode);

  if (status === 'active' || status === 'onhold' || status === 'finished') {
    sink.add({
      resourceType: 'Consent',
      id: sink.id('consent'),
      meta: { profile: [Profile.consent] },
      extension: [{ url: Ext.consentAffiliation, valueReference: refTo('EpisodeOfCare', id) }],
      status: status === 'finished' ? 'inactive' : 'active',
      scope: toCodeableConcept(ConsentScope.treatment),
      category: [toCodeableConcept(ConsentCategory.PITEOC)],
      patient: refTo('Patient', citizen.patientId),
      dateTime: isoInstant(start - 3_600_000),
      organization: [refTo('Organization', caremanagerOrganizationId)],
      provision: {
        type: 'permit',
        period: {
          start: isoInstant(start - 3_600_000),
          ...(endDay !== undefined ? { end: isoInstant(calendar.at(endDay, 15)) } : {}),
        },
        data: [{ meaning: 'related', reference: refTo('EpisodeOfCare', id) }],
      },
    });
  }

  return {
    id,
    conditionId,
    citizen,
    programme,
    status,
    startDay,
    ...(endDay !== undefined ? { endDay } : {}),
    monitoredUntilDay,
    managerSector,
    caremanagerOrganizationId,
    teamIds,
    defaultTeamId,
    ...(includeMunicipal && municipal ? { municipalTeamId: municipal.teamId } : {}),
    primaryContactId,
  };
}

function statusHistoryAfterStart(
  calendar: DataCalendar,
  status: EpisodeOfCareStatus,
  start: number,
  endDay: number | undefined,
  monitoredUntilDay: number,
) {
  if (status === 'finished' && endDay !== undefined) {
    const end = calendar.at(endDay, 15);
    return [
      { status: 'active' as const, period: { start: isoInstant(start), end: isoInstant(end) } },
      { status: 'finished' as const, period: { start: isoInstant(end) } },
    ];
  }
  if (status === 'onhold') {
    const paused = calendar.at(monitoredUntilDay + 1, 10);
    return [
      { status: 'active' as const, period: { start: isoInstant(start), end: isoInstant(paused) } },
      { status: 'onhold' as const, period: { start: isoInstant(paused) } },
    ];
  }
  return [{ status: 'active' as const, period: { start: isoInstant(start) } }];
}
