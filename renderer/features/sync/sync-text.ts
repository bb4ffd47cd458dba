import type { TFunction } from 'i18next';
import { copenhagenDate, formatDate, formatTime } from '../../../shared/format/datetime.ts';
import { numberFormat } from '../../../shared/format/number.ts';

/**
 * "kl. 10:42" for today, "24.11.2026 kl. 10:42" for another day, in Danish
 * time (the app's clinical zone) whatever the machine's zone.
 */
export function whenText(t: TFunction, instant: string, now: Date = new Date()): string {
  const time = formatTime(instant);
  if (copenhagenDate(instant) === copenhagenDate(now)) return t('sync.atTime', { time });
  return t('sync.atDateTime', { date: formatDate(instant), time });
}

/** Sealed bytes as the settings page shows them: "1,4 MB" in Danish, "1.4 MB" in English. */
export function sizeText(bytes: number, language: string): string {
  const units = ['B', 'kB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = numberFormat(language, {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
  return `${number} ${units[unit]}`;
}
