import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  birthYear,
  formatCpr,
  parseCpr,
  passesModulus11,
} from '../../../../shared/domain/cpr.ts';

/** A CPR's ten digits from its parts (no check digit logic: the serial is given whole). */
const cpr = (ddmmyy: string, serial: string) => `${ddmmyy}-${serial}`;

describe('birthYear: the century from the 7th digit (CPR register rules)', () => {
  it.each([
    // 7th digit 0–3: 1900s whatever the year.
    [0, 0, 1900],
    [99, 3, 1999],
    [36, 0, 1936],
    [58, 2, 1958],
    // 4 and 9: 2000–2036, else 1937–1999.
    [36, 4, 2036],
    [37, 4, 1937],
    [0, 9, 2000],
    [36, 9, 2036],
    [37, 9, 1937],
    [99, 9, 1999],
    // 5–8: 2000–2057, else 1858–1899.
    [57, 5, 2057],
    [58, 5, 1858],
    [0, 6, 2000],
    [57, 8, 2057],
    [58, 8, 1858],
    [99, 7, 1899],
  ])('yy %i with 7th digit %i → %i', (yy, digit, year) => {
    expect(birthYear(yy, digit)).toBe(year);
  });

  it('always gives a year ending in the two digits, between 1858 and 2057', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9 }), (yy, d) => {
        const year = birthYear(yy, d);
        expect(year % 100).toBe(yy);
        expect(year).toBeGreaterThanOrEqual(1858);
        expect(year).toBeLessThanOrEqual(2057);
      }),
    );
  });
});

describe('passesModulus11', () => {
  it.each([
    // Weights 4 3 2 7 6 5 4 3 2 1; these sum to a multiple of 11.
    ['0707614285', true],
    ['1111111118', true],
    ['0101010000', false],
    ['1111111111', false],
    ['0707614286', false],
  ])('%s → %s', (digits, passes) => {
    expect(passesModulus11(digits)).toBe(passes);
  });

  it('detects any change of a single digit (every weight is prime to 11)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (position, shift) => {
          const valid = '0707614285';
          const changed = (Number(valid[position]) + shift) % 10;
          const digits = `${valid.slice(0, position)}${changed}${valid.slice(position + 1)}`;
          expect(passesModulus11(digits)).toBe(false);
        },
      ),
    );
  });
});

describe('parseCpr', () => {
  it('reads the birth date, the century, the sex and the check', () => {
    expect(parseCpr('070761-4285')).toEqual({
      digits: '0707614285',
      birthDate: '1961-07-07',
      passesModulus11: true,
      sex: 'male',
    });
    expect(parseCpr('2902004000')).toMatchObject({ birthDate: '2000-02-29', sex: 'female' });
    expect(parseCpr('010158-5001')).toMatchObject({ birthDate: '1858-01-01', sex: 'male' });
    expect(parseCpr('311257-5002')).toMatchObject({ birthDate: '2057-12-31', sex: 'female' });
  });

  it('accepts a CPR that fails the modulus-11 check (issued since 2007), saying so', () => {
    expect(parseCpr('070761-4286')).toMatchObject({ passesModulus11: false });
  });

  it.each(['070761-4285', '0707614285', '070761 4285', '  070761-4285  ', '\t0707614285\n'])(
    'accepts the written forms %j',
    (input) => {
      expect(parseCpr(input)?.digits).toBe('0707614285');
    },
  );

  it.each([
    ['month 0', cpr('010061', '1234')],
    ['month 13', cpr('011361', '1234')],
    ['day 0', cpr('000161', '1234')],
    ['day 32', cpr('320161', '1234')],
    ['31 April', cpr('310461', '1234')],
    ['31 June', cpr('310661', '1234')],
    ['30 February', cpr('300261', '1234')],
    ['29 February 1961 (not a leap year)', cpr('290261', '1234')],
    ['29 February 1900 (7th digit 0: not a leap year)', cpr('290200', '0234')],
    ['29 February 1937 (7th digit 4: not a leap year)', cpr('290237', '4234')],
  ])('refuses %s', (_case, input) => {
    expect(parseCpr(input)).toBeNull();
  });

  it('takes 29 February in a leap year of the century the 7th digit gives', () => {
    expect(parseCpr(cpr('290204', '4234'))?.birthDate).toBe('2004-02-29');
    // 1904 was a leap year too, 1900 was not; 2000 was.
    expect(parseCpr(cpr('290204', '1234'))?.birthDate).toBe('1904-02-29');
    expect(parseCpr(cpr('290200', '4234'))?.birthDate).toBe('2000-02-29');
  });

  it.each([
    ['too few digits', '070761-428'],
    ['too many digits', '070761-42851'],
    ['letters', '07076A-4285'],
    ['two separators', '070761--4285'],
    ['a separator elsewhere', '07076-14285'],
    ['text before', 'CPR 070761-4285'],
    ['text after', '070761-4285 x'],
    ['an underscore separator', '070761_4285'],
    ['empty', ''],
    ['very long', `${' '.repeat(30)}0707614285`],
  ])('refuses %s', (_case, input) => {
    expect(parseCpr(input)).toBeNull();
  });

  it('takes padding up to 20 characters in all, and nothing longer', () => {
    expect(parseCpr(`     0707614285     `)?.digits).toBe('0707614285');
    expect(parseCpr(`      0707614285     `)).toBeNull();
  });

  it('refuses what is not a string (an IPC payload or a FHIR field of another type)', () => {
    expect(parseCpr(707614285 as unknown as string)).toBeNull();
    expect(parseCpr(null as unknown as string)).toBeNull();
  });

  it('gives the sex from the last digit: odd male, even female', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), (last) => {
        expect(parseCpr(`010190-123${last}`)?.sex).toBe(last % 2 === 1 ? 'male' : 'female');
      }),
    );
  });

  it('reads back every real date it is given, in every century the digits allow', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1858-01-01T00:00:00Z'), max: new Date('2057-12-31T00:00:00Z') }),
        fc.integer({ min: 0, max: 999 }),
        (date, serialTail) => {
          fc.pre(!Number.isNaN(date.getTime()));
          const year = date.getUTCFullYear();
          const seventh = year < 1900 ? 5 : year >= 2000 ? 4 : 0;
          fc.pre(!(year >= 2037 && seventh === 4));
          const digit = year >= 2037 ? 5 : seventh;
          const dd = String(date.getUTCDate()).padStart(2, '0');
          const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
          const yy = String(year % 100).padStart(2, '0');
          const parsed = parseCpr(`${dd}${mm}${yy}-${digit}${String(serialTail).padStart(3, '0')}`);
          expect(parsed?.birthDate).toBe(`${year}-${mm}-${dd}`);
        },
      ),
    );
  });
});

describe('formatCpr', () => {
  it('shows DDMMYY-XXXX whatever form it was written in', () => {
    expect(formatCpr('0707614285')).toBe('070761-4285');
    expect(formatCpr(' 070761 4285 ')).toBe('070761-4285');
  });

  it('leaves what is not a CPR as it was', () => {
    expect(formatCpr('311361-4285')).toBe('311361-4285');
    expect(formatCpr('ukendt')).toBe('ukendt');
  });
});

describe('ageOn', () => {
  it.each([
    ['1959-04-15', '2026-04-14', 66],
    ['1959-04-15', '2026-04-15', 67],
    ['1959-04-15', '2026-04-16', 67],
    ['1959-04-15', '2026-03-20', 66],
    ['1959-04-15', '2026-05-01', 67],
    ['2000-02-29', '2025-02-28', 24],
    ['2000-02-29', '2025-03-01', 25],
    ['2026-01-01', '2026-01-01', 0],
  ])('born %s, on %s: %i', (born, on, age) => {
    expect(ageOn(born, on)).toBe(age);
  });

  it.each([
    ['1959-4-15', '2026-04-14'],
    ['1959-04-15', '14.04.2026'],
    ['x1959-04-15', '2026-04-14'],
    ['1959-04-15', '2026-04-14T10:00'],
    ['1959-04-15T00:00', '2026-04-14'],
    ['1959-04-15', 'x2026-04-14'],
  ])('has no answer for dates not written yyyy-mm-dd (%s, %s)', (born, on) => {
    expect(ageOn(born, on)).toBeNull();
  });
});
