/**
 * CPR numbers (DDMMYY-SSSS). The app accepts every CPR with a real birth
 * date: since 2007 some CPRs fail the modulus-11 check, so the check is
 * reported, never used to refuse.
 */

export const CPR_SYSTEM = 'urn:oid:1.2.208.176.1.2';

export interface Cpr {
  /** Ten digits, no separator. */
  readonly digits: string;
  /** Birth date as yyyy-mm-dd. */
  readonly birthDate: string;
  /** True when the modulus-11 check holds (every CPR issued before 2007 passes it). */
  readonly passesModulus11: boolean;
  readonly sex: 'female' | 'male';
}

const MOD11_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const;

/** The century of birth, from the 7th digit and the two-digit year (CPR register rules). */
export function birthYear(yy: number, seventhDigit: number): number {
  if (seventhDigit <= 3) return 1900 + yy;
  if (seventhDigit === 4 || seventhDigit === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  // 5–8
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

export function passesModulus11(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(digits[i]) * (MOD11_WEIGHTS[i] ?? 0);
  return sum % 11 === 0;
}

/** Days in a month (1–12) of a year: day 0 of the next month is this month's last. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Parses "DDMMYY-SSSS", "DDMMYYSSSS" or "DDMMYY SSSS". Returns null for
 * anything that is not ten digits forming a real birth date.
 */
export function parseCpr(input: string): Cpr | null {
  if (typeof input !== 'string' || input.length > 20) return null;
  const match = /^\s*(\d{6})[-\s]?(\d{4})\s*$/.exec(input);
  if (!match) return null;
  const digits = `${match[1]}${match[2]}`;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  const year = birthYear(yy, Number(digits[6]));
  if (!isRealDate(year, month, day)) return null;
  return {
    digits,
    birthDate: `${year}-${digits.slice(2, 4)}-${digits.slice(0, 2)}`,
    passesModulus11: passesModulus11(digits),
    sex: Number(digits[9]) % 2 === 1 ? 'male' : 'female',
  };
}

/** DDMMYY-XXXX for display; the input unchanged if it is not a CPR. */
export function formatCpr(input: string): string {
  const cpr = parseCpr(input);
  return cpr ? `${cpr.digits.slice(0, 6)}-${cpr.digits.slice(6)}` : input;
}

/** Age in whole years on `on` (a yyyy-mm-dd calendar date). */
export function ageOn(birthDate: string, on: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(on);
  if (!b || !d) return null;
  const [by, bm, bd] = [Number(b[1]), Number(b[2]), Number(b[3])];
  const [dy, dm, dd] = [Number(d[1]), Number(d[2]), Number(d[3])];
  let age = dy - by;
  if (dm < bm || (dm === bm && dd < bd)) age--;
  return age;
}
