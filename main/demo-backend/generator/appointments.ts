/**
 * Video consultations (Appointment, ehealth-videoappointment): a VDX meeting
 * id, meeting URL, host and guest PIN, start and end, the responsible care
 * team (also a participant, invariant responsible-1) and, since a legal
 * basis is given, the episode and both organisations (governance-1,
 * responsible-2). Some today, some coming, some held.
 */
import type { Appointment } from '@medplum/fhirtypes';
import { toCodeableConcept } from '../../../shared/fhir/coding.ts';
import {
  AppointmentReason,
  AppointmentServiceType,
  AppointmentType,
  Jurisdiction,
} from '../../../shared/fhir/codes-care.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import { IdentifierSystem } from '../../../shared/fhir/systems.ts';
import type { Episode } from './episodes.ts';
import type { Rng } from './random.ts';
import type { Sink } from './sink.ts';
import { refTo } from './sink.ts';
import type { DataCalendar } from './time.ts';
import { MINUTE_MS, isoInstant } from './time.ts';
import type { World } from './world.ts';
import { team } from './world.ts';

/** Where demo meeting URLs point; `.invalid` never resolves, so no real meeting service is reached. */
export const DEFAULT_VIDEO_BASE_URL = 'https://vdx.demo.invalid';

type When = 'past' | 'today' | 'upcoming';

function addVideoAppointment(
  sink: Sink,
  rng: Rng,
  calendar: DataCalendar,
  world: World,
  episode: Episode,
  when: When,
  videoBaseUrl: string,
): void {
  const responsible = team(world, episode.defaultTeamId);
  const host = rng.pick(responsible.practitionerIds);
  const day = when === 'today' ? 0 : when === 'upcoming' ? rng.int(1, 21) : -rng.int(1, 60);
  const hour = when === 'today' ? rng.int(9, 14) : rng.int(8, 15);
  const start = calendar.at(day, hour, rng.pick([0, 15, 30, 45]));
  const end = start + rng.pick([15, 20, 30]) * MINUTE_MS;
  const meeting = rng.uuid();
  const status: Appointment['status'] =
    when === 'past' ? (rng.chance(0.9) ? 'fulfilled' : 'noshow') : 'booked';
  sink.add({
    resourceType: 'Appointment',
    id: sink.id('appt'),
    meta: { profile: [Profile.videoAppointment] },
    extension: [
      { url: Ext.responsible, valueReference: refTo('CareTeam', responsible.id) },
      {
        url: Ext.responsibleOrganization,
        valueReference: refTo('Organization', responsible.organizationId),
      },
      {
        url: Ext.performingOrganization,
        valueReference: refTo('Organization', responsible.organizationId),
      },
      { url: Ext.legalBasis, valueCodeableConcept: toCodeableConcept(Jurisdiction.healthcareAct) },
      { url: Ext.meetingUrl, valueUri: `${videoBaseUrl}/meeting/${meeting}` },
      { url: Ext.vmrUri, valueUri: `sip:${meeting}@vdx.demo.invalid` },
      { url: Ext.hostPinCode, valueString: rng.digits(6) },
      { url: Ext.guestPinCode, valueString: rng.digits(4) },
      { url: Ext.endMeetingOnEndTime, valueBoolean: false },
      { url: Ext.maxParticipants, valueInteger: 4 },
    ],
    identifier: [{ system: IdentifierSystem.vdxMeeting, value: meeting }],
    status,
    serviceType: [toCodeableConcept(AppointmentServiceType.video)],
    appointmentType: toCodeableConcept(
      rng.pick([AppointmentType.ROUTINE, AppointmentType.FOLLOWUP, AppointmentType.CHECKUP]),
    ),
    reasonCode: [toCodeableConcept(AppointmentReason.clinicalReview)],
    description: `Videokonsultation: ${episode.programme.planTitle.replace('Telemedicinsk forløb for ', '')}`,
    start: isoInstant(start),
    end: isoInstant(end),
    created: isoInstant(Math.min(calendar.now, start) - rng.int(2, 20) * 24 * 60 * MINUTE_MS),
    supportingInformation: [refTo('EpisodeOfCare', episode.id)],
    participant: [
      {
        actor: refTo('Patient', episode.citizen.patientId),
        required: 'required',
        status: 'accepted',
      },
      {
        extension: [
          { url: Ext.careTeamParticipant, valueReference: refTo('CareTeam', responsible.id) },
        ],
        actor: refTo('Practitioner', host),
        required: 'required',
        status: 'accepted',
      },
    ],
  });
}

/** Video appointments for an active forløb. */
export function addAppointments(
  sink: Sink,
  rng: Rng,
  calendar: DataCalendar,
  world: World,
  episode: Episode,
  videoBaseUrl: string,
): void {
  if (rng.chance(0.1))
    addVideoAppointment(sink, rng, calendar, world, episode, 'today', videoBaseUrl);
  if (rng.chance(0.25))
    addVideoAppointment(sink, rng, calendar, world, episode, 'upcoming', videoBaseUrl);
  if (rng.chance(0.3))
    addVideoAppointment(sink, rng, calendar, world, episode, 'past', videoBaseUrl);
}
