/**
 * The demo FHIR back end's seed: `generateDemoDataset` builds a complete,
 * FUT-shaped North Jutland dataset from a seed and an anchor date. Same seed
 * and anchor, same bytes; all times are relative to the anchor, so "recent"
 * stays recent.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { DemoPersona } from '../../../shared/domain/persona.ts';
import { DEFAULT_VIDEO_BASE_URL } from './appointments.ts';
import { buildWorld } from './care-teams.ts';
import { addCitizen } from './course.ts';
import type { Episode } from './episodes.ts';
import { addWaitingMessages } from './messages.ts';
import { addQuestionnaires } from './questionnaires.ts';
import { createRng } from './random.ts';
import { createSink } from './sink.ts';
import { createDataCalendar } from './time.ts';

/** Citizens in the default dataset: every screen stays fast on a linearly scanning engine. */
export const DEFAULT_CITIZENS = 200;
/** Citizens in the benchmark dataset: more than 200,000 resources. */
export const BENCHMARK_CITIZENS = 1_700;
/** Days of measurement history before the anchor. */
export const DEFAULT_HISTORY_DAYS = 90;

export interface DemoDatasetOptions {
  /** Any integer; different seeds give different citizens and data. */
  readonly seed: number;
  /** "Today" of the data, yyyy-mm-dd. */
  readonly anchor: string;
  /** Number of citizens; default DEFAULT_CITIZENS. */
  readonly citizens?: number;
  /** Days of measurement history; default DEFAULT_HISTORY_DAYS. */
  readonly historyDays?: number;
  /** Base of the video meeting URLs; default a host that never resolves. */
  readonly videoBaseUrl?: string;
  /**
   * Benchmarks only: citizen number `index` measures `perDay` extra times a
   * day for every measure of their plans (a citizen with thousands of
   * Observations). Absent: the default dataset, byte for byte.
   */
  readonly denseCitizen?: { readonly index: number; readonly perDay: number };
}

export interface DemoDataset {
  /** Every resource, dependencies first, relative references, no meta.versionId/lastUpdated. */
  readonly resources: Resource[];
  readonly personas: DemoPersona[];
}

export function generateDemoDataset(options: DemoDatasetOptions): DemoDataset {
  const citizens = options.citizens ?? DEFAULT_CITIZENS;
  const historyDays = options.historyDays ?? DEFAULT_HISTORY_DAYS;
  if (!Number.isSafeInteger(options.seed)) throw new RangeError('seed must be a safe integer');
  if (!Number.isInteger(citizens) || citizens < 1)
    throw new RangeError('citizens must be a positive integer');
  if (!Number.isInteger(historyDays) || historyDays < 1 || historyDays > 3650)
    throw new RangeError('historyDays must be 1–3650');
  const calendar = createDataCalendar(options.anchor);
  const rng = createRng(options.seed);
  const sink = createSink();
  const { world, personas } = buildWorld(sink, rng.fork('world'), citizens);
  addQuestionnaires(sink, world.regionId);
  const takenCprs = new Set<string>();
  const dense = options.denseCitizen;
  if (
    dense &&
    (!Number.isInteger(dense.index) ||
      dense.index < 0 ||
      dense.index >= citizens ||
      !Number.isInteger(dense.perDay) ||
      dense.perDay < 1 ||
      dense.perDay > 48)
  )
    throw new RangeError('denseCitizen needs an existing citizen index and perDay 1–48');
  const settings = {
    historyDays,
    videoBaseUrl: options.videoBaseUrl ?? DEFAULT_VIDEO_BASE_URL,
    ...(dense ? { denseCitizen: dense } : {}),
  };
  const active: Episode[] = [];
  for (let index = 0; index < citizens; index++) {
    active.push(
      ...addCitizen(sink, rng.fork('citizen', index), calendar, world, index, takenCprs, settings),
    );
  }
  addWaitingMessages(sink, rng.fork('waiting-messages'), calendar, world, active);
  return { resources: sink.resources(), personas };
}
