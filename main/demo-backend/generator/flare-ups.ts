/**
 * Flare-ups of the condition (KOL exacerbation, heart-failure
 * decompensation, pre-eclampsia): a level from 0 to 1 that rises to a peak
 * and falls back, shared by every measurement of the forløb so SpO2 drops
 * while the pulse rises. Days are offsets from the anchor.
 */
import type { EventPattern } from './programmes.ts';
import type { Rng } from './random.ts';

export interface FlareUp {
  readonly peakDay: number;
  readonly riseDays: number;
  /** Infinity: the level stays at 1 after the peak. */
  readonly fallDays: number;
}

/** Share of ongoing forløb with a flare-up peaking in the last days, so the demo has fresh reds. */
const RECENT_SHARE = 0.2;

export function drawFlareUps(
  rng: Rng,
  pattern: EventPattern,
  fromDay: number,
  toDay: number,
  ongoing: boolean,
): FlareUp[] {
  const flares: FlareUp[] = [];
  if (pattern.ratePer90Days <= 0) return flares;
  const draw = (peakDay: number): FlareUp => ({
    peakDay,
    riseDays: rng.int(pattern.riseDays[0], pattern.riseDays[1]),
    fallDays: Number.isFinite(pattern.fallDays[0])
      ? rng.int(pattern.fallDays[0], pattern.fallDays[1])
      : Infinity,
  });
  for (let day = fromDay; day < toDay; day += 10) {
    if (rng.chance((pattern.ratePer90Days * 10) / 90)) flares.push(draw(day + rng.between(0, 10)));
  }
  if (ongoing && rng.chance(RECENT_SHARE)) flares.push(draw(-rng.between(0, 4)));
  return flares;
}

export function flareLevel(flares: readonly FlareUp[], day: number): number {
  let level = 0;
  for (const flare of flares) {
    const start = flare.peakDay - flare.riseDays;
    let here = 0;
    if (day >= start && day <= flare.peakDay) here = (day - start) / flare.riseDays;
    else if (day > flare.peakDay)
      here =
        flare.fallDays === Infinity ? 1 : Math.max(0, 1 - (day - flare.peakDay) / flare.fallDays);
    if (here > level) level = here;
  }
  return level;
}
