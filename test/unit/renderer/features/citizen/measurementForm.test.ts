import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../../../shared/format/datetime.ts';
import {
  copenhagenInstant,
  dateText,
  offeredCodes,
  parseValue,
  parseWhen,
  REGISTRABLE,
  timeText,
  validateDraft,
  valueFields,
} from '../../../../../renderer/features/citizen/measurementForm.ts';

const NOW = Date.parse('2026-11-26T10:45:00Z'); // 11:45 in Copenhagen

describe('register measurement: which types', () => {
  it('offers what the plan asks for, blood pressure components folded into the pair', () => {
    expect(offeredCodes(['pulse', 'systolic', 'diastolic', 'weight'])).toEqual([
      'homeBloodPressure',
      'pulse',
      'weight',
    ]);
  });

  it('falls back to every registrable type when the plan names none the app knows', () => {
    expect(offeredCodes(undefined)).toEqual(REGISTRABLE);
    expect(offeredCodes([])).toEqual(REGISTRABLE);
  });

  it('asks for systolic then diastolic for blood pressure, in mmHg, whole numbers', () => {
    expect(
      valueFields('homeBloodPressure').map((field) => [field.key, field.unit, field.decimals]),
    ).toEqual([
      ['systolic', 'mmHg', 0],
      ['diastolic', 'mmHg', 0],
    ]);
  });

  it('shows no unit for a score ({Number}) and the print unit otherwise', () => {
    expect(valueFields('catScore')[0]?.unit).toBe('');
    expect(valueFields('bodyTemperature')[0]?.unit).toBe('°C');
    expect(valueFields('oxygenSaturation')[0]?.unit).toBe('%');
  });
});

describe('register measurement: values', () => {
  const temperature = valueFields('bodyTemperature')[0]!;
  const pulse = valueFields('pulse')[0]!;

  it('takes a Danish decimal comma and a point alike', () => {
    expect(parseValue('37,5', temperature, 'da')).toEqual({ value: 37.5 });
    expect(parseValue(' 37.5 ', temperature, 'da')).toEqual({ value: 37.5 });
  });

  it('refuses what is not a plain number, with a reason', () => {
    expect(parseValue('', pulse, 'da')).toEqual({ error: { key: 'valueRequired' } });
    expect(parseValue('72 slag', pulse, 'da')).toEqual({ error: { key: 'valueNotNumber' } });
    expect(parseValue('1.000', valueFields('stepsPerDay')[0]!, 'da')).toEqual({
      error: { key: 'valueWholeNumber' },
    });
    expect(parseValue('72,5', pulse, 'da')).toEqual({ error: { key: 'valueWholeNumber' } });
    expect(parseValue('37,55', temperature, 'da')).toEqual({
      error: { key: 'valueTooManyDecimals', values: { decimals: 1 } },
    });
  });

  it('refuses an implausible value and names the range in Danish format with the unit', () => {
    expect(parseValue('375', temperature, 'da')).toEqual({
      error: { key: 'valueOutOfRange', values: { min: '30', max: '44', unit: ' °C' } },
    });
    expect(parseValue('0,05', valueFields('fev1')[0]!, 'da')).toEqual({
      error: { key: 'valueOutOfRange', values: { min: '0,1', max: '8', unit: ' l' } },
    });
  });

  it('accepts every value inside a type’s range and refuses every one outside', () => {
    for (const key of REGISTRABLE) {
      for (const field of valueFields(key)) {
        fc.assert(
          fc.property(fc.double({ min: -1000, max: 1_000_000, noNaN: true }), (raw) => {
            const value = Number(raw.toFixed(field.decimals)) + 0; // no -0
            const result = parseValue(String(value).replace('.', ','), field, 'da');
            const inside = value >= field.min && value <= field.max;
            expect('value' in result, `${field.key} ${value}`).toBe(inside);
            if ('value' in result) expect(result.value).toBe(value);
          }),
          { numRuns: 200 },
        );
      }
    }
  });
});

describe('register measurement: date and time in Danish time', () => {
  it('starts with now, as dd.mm.yyyy and 24-hour HH:mm in Copenhagen', () => {
    expect(dateText(NOW)).toBe('26.11.2026');
    expect(timeText(NOW)).toBe('11:45');
    expect(timeText(Date.parse('2026-07-01T21:30:00Z'))).toBe('23:30');
  });

  it('turns a Danish wall-clock time into the right instant in winter and summer', () => {
    expect(parseWhen('26.11.2026', '11:45', NOW)).toEqual({ instant: NOW });
    expect(parseWhen('1.7.2026', '23:30', NOW)).toEqual({
      instant: Date.parse('2026-07-01T21:30:00Z'),
    });
    expect(parseWhen('26-11-2026', '9.05', NOW)).toEqual({
      instant: Date.parse('2026-11-26T08:05:00Z'),
    });
  });

  it('round-trips every minute of the year through the formatter', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 24 * 60 - 1 }), (minute) => {
        const instant = start + minute * 60_000;
        const [date, time] = formatDateTime(instant).split(' ');
        // "Now" just inside the 365-day limit, even for the repeated autumn hour, which reads back
        // as its first occurrence, an hour earlier.
        const now = instant + 365 * 86_400_000 - 3_600_000 - 60_000;
        const back = parseWhen(date ?? '', time ?? '', now);
        // The autumn hour that happens twice reads back as its first occurrence.
        expect('instant' in back).toBe(true);
        if ('instant' in back) expect([instant, instant - 3_600_000]).toContain(back.instant);
      }),
      // Always also the second 02:00 of 25.10.2026 (the repeated hour) and the last minute.
      { numRuns: 500, examples: [[427_740], [365 * 24 * 60 - 1]] },
    );
  });

  it('refuses the hour skipped in spring and takes the first of the hour that repeats in autumn', () => {
    expect(copenhagenInstant(2026, 3, 29, 2, 30)).toBeNull();
    expect(copenhagenInstant(2026, 10, 25, 2, 30)).toBe(Date.parse('2026-10-25T00:30:00Z'));
    expect(parseWhen('29.03.2026', '02:30', NOW)).toEqual({
      dateError: null,
      timeError: { key: 'timeSkipped' },
    });
  });

  it('says which field is wrong and why', () => {
    expect(parseWhen('', '', NOW)).toEqual({
      dateError: { key: 'dateRequired' },
      timeError: { key: 'timeRequired' },
    });
    expect(parseWhen('2026-11-26', '25:00', NOW)).toEqual({
      dateError: { key: 'dateFormat' },
      timeError: { key: 'timeFormat' },
    });
    expect(parseWhen('31.02.2026', '10:00', NOW)).toEqual({
      dateError: { key: 'dateInvalid' },
      timeError: null,
    });
  });

  it('allows a few minutes ahead of the clock, not more, and not more than a year back', () => {
    expect(parseWhen('26.11.2026', '11:50', NOW)).toEqual({
      instant: Date.parse('2026-11-26T10:50:00Z'),
    });
    expect(parseWhen('26.11.2026', '11:51', NOW)).toEqual({
      dateError: null,
      timeError: { key: 'inFuture' },
    });
    expect(parseWhen('27.11.2025', '12:00', NOW)).toHaveProperty('instant');
    expect(parseWhen('25.11.2025', '12:00', NOW)).toEqual({
      dateError: { key: 'tooOld', values: { days: 365 } },
      timeError: null,
    });
  });
});

describe('register measurement: the whole form', () => {
  it('gives the values and the ISO instant when everything is right', () => {
    expect(
      validateDraft(
        { codeKey: 'homeBloodPressure', values: ['142', '88'], date: '26.11.2026', time: '08:15' },
        NOW,
        'da',
      ),
    ).toEqual({ ok: true, values: [142, 88], effective: '2026-11-26T07:15:00.000Z' });
  });

  it('catches swapped blood pressure values', () => {
    const result = validateDraft(
      { codeKey: 'homeBloodPressure', values: ['88', '142'], date: '26.11.2026', time: '08:15' },
      NOW,
      'da',
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        values: [null, null],
        date: null,
        time: null,
        form: { key: 'diastolicNotBelowSystolic' },
      },
    });
  });

  it('reports every field’s problem at once', () => {
    const result = validateDraft(
      { codeKey: 'homeBloodPressure', values: ['', '900'], date: '26.11.2026', time: '23:00' },
      NOW,
      'da',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.values.map((error) => error?.key ?? null)).toEqual([
        'valueRequired',
        'valueOutOfRange',
      ]);
      expect(result.errors.time).toEqual({ key: 'inFuture' });
    }
  });
});
