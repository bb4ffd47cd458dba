/**
 * Synthetic CPR numbers that cannot belong to a real person. Every CPR issued
 * before 2007 passes the modulus-11 check, so a number with a birth date
 * before 1 October 2007 that fails the check was never issued. Birth dates
 * are never 1 January (the CPR register's date for an unknown birthday), and
 * the serial's 7th digit agrees with the century rule of shared/domain/cpr.ts.
 */
import { birthYear, passesModulus11 } from '../../../shared/domain/cpr.ts';
import type { Rng } from './random.ts';

/** The first birth date a synthetic CPR may not have. */
export const SYNTHETIC_CPR_BIRTH_LIMIT = '2007-10-01';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** 7th digits that give this birth year under the century rule. */
function seventhDigitsFor(year: number): number[] {
  const yy = year % 100;
  return [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((digit) => birthYear(yy, digit) === year);
}

/**
 * A CPR (ten digits) for a birth date (yyyy-mm-dd) and sex that fails
 * modulus 11. Throws for a birth date on or after 2007-10-01 or on 1 January.
 */
export function syntheticCpr(rng: Rng, birthDate: string, sex: 'female' | 'male'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) throw new Error(`not a date: ${birthDate}`);
  if (birthDate >= SYNTHETIC_CPR_BIRTH_LIMIT) throw new Error(`born too late: ${birthDate}`);
  const [year, month, day] = [Number(match[1]), match[2], match[3]];
  if (month === '01' && day === '01') throw new Error('1 January is not allowed');
  const digits7 = seventhDigitsFor(year);
  if (digits7.length === 0) throw new Error(`no serial for year ${year}`);
  const prefix = `${day}${month}${pad2(year % 100)}${String(rng.pick(digits7))}${rng.digits(2)}`;
  const parity = sex === 'male' ? 1 : 0;
  const candidates: string[] = [];
  for (let last = parity; last <= 9; last += 2) {
    const cpr = `${prefix}${last}`;
    if (!passesModulus11(cpr)) candidates.push(cpr);
  }
  // At most one of the five same-parity last digits passes the check.
  return rng.pick(candidates);
}

/**
 * A birth date (yyyy-mm-dd) aged between minAge and maxAge on `onDate`
 * (yyyy-mm-dd), never 1 January and always before 2007-10-01 (for anchors
 * after about 2025 + minAge the age range gives way to that limit).
 */
export function syntheticBirthDate(
  rng: Rng,
  onDate: string,
  minAge: number,
  maxAge: number,
): string {
  const onYear = Number(onDate.slice(0, 4));
  for (;;) {
    // An anchor far in the future would leave no allowed year: then the age gives way.
    let year = onYear - rng.int(minAge, maxAge) - 1;
    if (year > 2006) year = 2006 - rng.int(0, 4);
    const month = rng.int(1, 12);
    const day = rng.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
    const date = `${year}-${pad2(month)}-${pad2(day)}`;
    if ((month === 1 && day === 1) || date >= SYNTHETIC_CPR_BIRTH_LIMIT) continue;
    return date;
  }
}
