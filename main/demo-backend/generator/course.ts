/**
 * One citizen's whole course: the Patient, then per programme the forløb,
 * its plan, months of measurements and PRO answers, triage and tasks,
 * messages and video appointments. Each part draws from its own forked
 * random stream.
 */
import { addAppointments } from './appointments.ts';
import { buildPatient, drawCitizen } from './citizens.ts';
import type { Episode } from './episodes.ts';
import { addEpisode } from './episodes.ts';
import { drawFlareUps } from './flare-ups.ts';
import { addThreads } from './messages.ts';
import type { Habits, MissedSlot, Submission } from './observations.ts';
import { addMeasurements } from './observations.ts';
import type { Plan } from './plans.ts';
import { addPlan } from './plans.ts';
import type { ScoredAnswer } from './pro.ts';
import { addResponses } from './pro.ts';
import { PROGRAMME_DEFS } from './programmes.ts';
import type { Rng } from './random.ts';
import type { Sink } from './sink.ts';
import type { DataCalendar } from './time.ts';
import { addTriage } from './triage.ts';
import type { World } from './world.ts';
import { team } from './world.ts';

export interface CourseSettings {
  readonly historyDays: number;
  readonly videoBaseUrl: string;
  /** Benchmarks only: one citizen measuring `perDay` extra times a day (see DemoDatasetOptions). */
  readonly denseCitizen?: { readonly index: number; readonly perDay: number };
}

function drawHabits(rng: Rng, world: World, episode: Episode, plan: Plan): Habits {
  const from = plan.seriesStartDay;
  const until = episode.monitoredUntilDay;
  const span = until - from;
  const gapLength = rng.int(5, 14);
  const gapStart = from + rng.int(0, Math.max(0, span - gapLength));
  return {
    adherence: rng.between(0.78, 0.98),
    flares: drawFlareUps(
      rng,
      episode.programme.events,
      from - 10,
      until + 1,
      episode.status === 'active',
    ),
    ...(span > 30 && rng.chance(0.2) ? { gap: [gapStart, gapStart + gapLength] as const } : {}),
    ...(episode.status === 'active' && rng.chance(0.07) ? { stoppedAfterDay: -rng.int(3, 9) } : {}),
    nurseIds: episode.municipalTeamId ? team(world, episode.municipalTeamId).practitionerIds : [],
  };
}

function addMonitoring(
  sink: Sink,
  rng: Rng,
  calendar: DataCalendar,
  world: World,
  episode: Episode,
  settings: CourseSettings,
  extraPerDay = 0,
): void {
  const plan = addPlan(sink, rng.fork('plan'), calendar, episode, settings.historyDays);
  const habits = drawHabits(rng.fork('habits'), world, episode, plan);
  const measurements: Submission[] = [];
  const missed: MissedSlot[] = [];
  plan.measures.forEach((measurePlan, index) => {
    const series = addMeasurements(
      sink,
      rng.fork('measure', index),
      calendar,
      episode,
      measurePlan,
      habits,
      plan.seriesStartDay,
      extraPerDay,
    );
    measurements.push(...series.submissions);
    if (series.missed) missed.push(series.missed);
  });
  const moodRng = rng.fork('mood');
  const mood = moodRng.chance(0.15) ? moodRng.between(0.35, 0.7) : moodRng.between(0.03, 0.3);
  const answers: (Submission & { scored: ScoredAnswer })[] = [];
  plan.pro.forEach((proPlan, index) => {
    answers.push(
      ...addResponses(
        sink,
        rng.fork('pro', index),
        calendar,
        episode,
        proPlan,
        { mood, flares: habits.flares },
        plan.seriesStartDay,
      ),
    );
  });
  addTriage(
    { sink, rng: rng.fork('triage'), calendar, world, episode, carePlanId: plan.carePlanId },
    measurements,
    answers,
    missed,
  );
}

/** Adds citizen number `index` with everything that belongs to their care; returns the active forløb. */
export function addCitizen(
  sink: Sink,
  rng: Rng,
  calendar: DataCalendar,
  world: World,
  index: number,
  takenCprs: Set<string>,
  settings: CourseSettings,
): Episode[] {
  const citizen = drawCitizen(rng.fork('person'), calendar, world, index, takenCprs);
  sink.add(buildPatient(rng.fork('patient'), calendar, citizen));
  const active: Episode[] = [];
  citizen.programmes.forEach((key, i) => {
    const episodeRng = rng.fork('episode', i);
    const episode = addEpisode(
      sink,
      episodeRng.fork('episode'),
      calendar,
      world,
      citizen,
      PROGRAMME_DEFS[key],
    );
    if (episode.status === 'planned') return;
    const extraPerDay = settings.denseCitizen?.index === index ? settings.denseCitizen.perDay : 0;
    addMonitoring(sink, episodeRng, calendar, world, episode, settings, extraPerDay);
    if (episode.status !== 'active') return;
    active.push(episode);
    addThreads(sink, episodeRng.fork('messages'), calendar, world, episode);
    addAppointments(
      sink,
      episodeRng.fork('appointments'),
      calendar,
      world,
      episode,
      settings.videoBaseUrl,
    );
  });
  return active;
}
