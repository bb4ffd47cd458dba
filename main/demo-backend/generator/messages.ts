/**
 * Messages (Communication, ehealth-message) in threads between a citizen and
 * a team, or between two teams of the forløb: thread id, title, category
 * `message`, sender and recipient care-team extensions, and an
 * administrative status that is `activate` (unread) for recent messages the
 * recipient has not opened yet.
 */
import type { Communication, Extension } from '@medplum/fhirtypes';
import { toCodeableConcept, toCoding } from '../../../shared/fhir/coding.ts';
import { AdministrativeStatus, MessageCategory } from '../../../shared/fhir/codes-workflow.ts';
import { Ext, Profile } from '../../../shared/fhir/profiles.ts';
import type { Episode } from './episodes.ts';
import type { ThreadTemplate } from './message-templates.ts';
import { CITIZEN_QUESTIONS, TEAM_NOTICES, TEAM_TO_TEAM } from './message-templates.ts';
import type { Rng } from './random.ts';
import type { Sink } from './sink.ts';
import { refTo } from './sink.ts';
import type { DataCalendar } from './time.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, isoInstant } from './time.ts';
import type { World } from './world.ts';
import { team } from './world.ts';

/** A party to a message: the citizen or a care team. */
type Party = { readonly kind: 'patient' } | { readonly kind: 'team'; readonly teamId: string };

/** Messages newer than this, not yet answered, are still unread by their recipient. */
const UNREAD_DAYS = 4;

interface MessageInput {
  readonly from: Party;
  readonly to: Party;
  readonly threadId: string;
  readonly title: string;
  readonly text: string;
  readonly sent: number;
  readonly unread: boolean;
  readonly inResponseTo?: string;
}

function addMessage(sink: Sink, rng: Rng, episode: Episode, input: MessageInput): string {
  const patient = refTo('Patient', episode.citizen.patientId);
  const extension: Extension[] = [
    { url: Ext.workflowEpisodeOfCare, valueReference: refTo('EpisodeOfCare', episode.id) },
    {
      url: Ext.administrativeStatus,
      valueCoding: toCoding(
        input.unread
          ? AdministrativeStatus.activate
          : rng.chance(0.6)
            ? AdministrativeStatus.complete
            : AdministrativeStatus.read,
      ),
    },
    { url: Ext.threadId, valueString: input.threadId },
    { url: Ext.title, valueString: input.title },
  ];
  if (input.from.kind === 'team')
    extension.push({
      url: Ext.senderCareTeam,
      valueReference: refTo('CareTeam', input.from.teamId),
    });
  if (input.to.kind === 'team')
    extension.push({
      url: Ext.recipientCareTeam,
      valueReference: refTo('CareTeam', input.to.teamId),
    });
  const message: Communication = {
    resourceType: 'Communication',
    id: sink.id('msg'),
    meta: { profile: [Profile.message] },
    extension,
    status: 'completed',
    category: [toCodeableConcept(MessageCategory.message)],
    priority: 'routine',
    subject: patient,
    sent: isoInstant(input.sent),
    ...(input.unread ? {} : { received: isoInstant(input.sent + rng.int(10, 600) * MINUTE_MS) }),
    ...(input.from.kind === 'patient' ? { sender: patient } : {}),
    ...(input.to.kind === 'patient' ? { recipient: [patient] } : {}),
    ...(input.inResponseTo ? { inResponseTo: [refTo('Communication', input.inResponseTo)] } : {}),
    payload: [{ contentString: input.text }],
  };
  sink.add(message);
  return message.id ?? '';
}

function fill(text: string, first: string, teamName: string): string {
  return text.replaceAll('{first}', first).replaceAll('{team}', teamName);
}

type ThreadKind = 'question' | 'notice' | 'team';

interface ThreadSpec {
  readonly kind: ThreadKind;
  /** The team the citizen writes to, or that writes. */
  readonly teamId: string;
  /** For team-to-team threads: the other team. */
  readonly otherTeamId?: string;
  /** For team-to-team threads: whether `teamId` opens the thread. */
  readonly outgoing?: boolean;
  readonly started: number;
  /** Whether anyone has answered yet. */
  readonly answered: boolean;
}

function addThread(
  sink: Sink,
  rng: Rng,
  calendar: DataCalendar,
  world: World,
  episode: Episode,
  spec: ThreadSpec,
): void {
  const first = episode.citizen.name.given[0] ?? '';
  const threadId = rng.uuid();
  const own: Party = { kind: 'team', teamId: spec.teamId };
  const other: Party = { kind: 'team', teamId: spec.otherTeamId ?? spec.teamId };
  const nameOf = (party: Party): string =>
    party.kind === 'team' ? team(world, party.teamId).name : '';
  let template: ThreadTemplate;
  let from: Party;
  let to: Party;
  if (spec.kind === 'question') {
    template = rng.pick(CITIZEN_QUESTIONS[episode.programme.key]);
    [from, to] = [{ kind: 'patient' }, own];
  } else if (spec.kind === 'notice') {
    template = rng.pick(TEAM_NOTICES);
    [from, to] = [own, { kind: 'patient' }];
  } else {
    template = rng.pick(TEAM_TO_TEAM);
    [from, to] = spec.outgoing ? [own, other] : [other, own];
  }
  const fresh = (at: number): boolean => calendar.now - at < UNREAD_DAYS * DAY_MS;
  const openingId = addMessage(sink, rng, episode, {
    from,
    to,
    threadId,
    title: template.title,
    text: fill(template.opening, first, nameOf(from)),
    sent: spec.started,
    unread: !spec.answered && fresh(spec.started),
  });
  if (!spec.answered) return;
  const reply = Math.min(calendar.now - MINUTE_MS, spec.started + rng.between(0.5, 30) * HOUR_MS);
  addMessage(sink, rng, episode, {
    from: to,
    to: from,
    threadId,
    title: template.title,
    text: fill(template.reply, first, nameOf(to)),
    sent: reply,
    unread: fresh(reply) && rng.chance(0.6),
    inResponseTo: openingId,
  });
}

/** Teams of the forløb a citizen or colleague would write to (not the cross-sector forum). */
function writableTeams(world: World, episode: Episode): string[] {
  return episode.teamIds.filter((id) => team(world, id).sector !== 'cross-sector');
}

/** Adds 0–3 threads for an active forløb. */
export function addThreads(
  sink: Sink,
  rng: Rng,
  calendar: DataCalendar,
  world: World,
  episode: Episode,
): void {
  const threads = rng.weighted([
    [0, 0.35],
    [1, 0.35],
    [2, 0.2],
    [3, 0.1],
  ] as const);
  const teams = writableTeams(world, episode);
  for (let i = 0; i < threads; i++) {
    // Citizens mostly write to the team that runs their forløb, sometimes to another of its teams.
    const teamId = rng.chance(0.65) ? episode.defaultTeamId : rng.pick(teams);
    const others = teams.filter((id) => id !== teamId);
    const kind = rng.weighted<ThreadKind>([
      ['question', 0.45],
      ['notice', 0.25],
      ['team', others.length > 0 ? 0.3 : 0],
    ]);
    // Skewed towards the last days: about a third of threads start within UNREAD_DAYS.
    const recency = rng.next();
    const started = calendar.now - (0.05 + recency * recency * 40) * DAY_MS;
    const replyBy = started + 30 * HOUR_MS;
    addThread(sink, rng, calendar, world, episode, {
      kind,
      teamId,
      ...(kind === 'team' ? { otherTeamId: rng.pick(others), outgoing: rng.chance(0.5) } : {}),
      started,
      answered: (replyBy < calendar.now || rng.chance(0.3)) && rng.chance(0.75),
    });
  }
}

/**
 * Every team with ongoing forløb has a few messages waiting: fresh, unanswered
 * threads addressed to it, from a citizen or another team of the forløb.
 */
export function addWaitingMessages(
  sink: Sink,
  rng: Rng,
  calendar: DataCalendar,
  world: World,
  episodes: readonly Episode[],
): void {
  const byTeam = new Map<string, Episode[]>();
  for (const episode of episodes)
    for (const teamId of writableTeams(world, episode))
      byTeam.set(teamId, [...(byTeam.get(teamId) ?? []), episode]);
  for (const [teamId, list] of byTeam) {
    const waiting = 1 + Math.floor(list.length / 15);
    for (let i = 0; i < waiting; i++) {
      const episode = rng.pick(list);
      const others = writableTeams(world, episode).filter((id) => id !== teamId);
      const kind: ThreadKind = others.length > 0 && rng.chance(0.4) ? 'team' : 'question';
      addThread(sink, rng, calendar, world, episode, {
        kind,
        teamId,
        ...(kind === 'team' ? { otherTeamId: rng.pick(others), outgoing: false } : {}),
        started: calendar.now - rng.between(0.1, 3) * DAY_MS,
        answered: false,
      });
    }
  }
}
