import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCRUBBED, scrubLogText } from '../../../../shared/log/scrub.ts';

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (count: number) =>
  fc.array(digit, { minLength: count, maxLength: count }).map((parts) => parts.join(''));
/** A CPR as it may appear: DDMMYYXXXX, DDMMYY-XXXX, with a space, or URL-encoded dash. */
const cpr = fc
  .tuple(digits(6), fc.constantFrom('', '-', ' ', '%2D', '%2d'), digits(4))
  .map(([date, separator, serial]) => `${date}${separator}${serial}`);
/** Text around a planted value: anything, but not a digit right next to it. */
const around = fc.string({ maxLength: 40 });
const notDigit = fc.constantFrom(' ', '/', '|', ':', 'x', '(', '\n', '=');

describe('scrubLogText', () => {
  it('removes a CPR in any form, anywhere in longer text', () => {
    fc.assert(
      fc.property(
        around,
        notDigit,
        cpr,
        notDigit,
        around,
        (before, left, planted, right, after) => {
          const out = scrubLogText(`${before}${left}${planted}${right}${after}`);
          expect(out).not.toContain(planted);
          expect(out).not.toContain(planted.replace(/\D/g, ''));
        },
      ),
    );
  });

  it.each([
    ['Arabic-Indic digits', '٠١٠١٠١-١٢٣٤'],
    ['full-width digits', '０１０１０１１２３４'],
    ['inside an encoded identifier', 'urn%3Aoid%3A1.2.208.176.1.2%7C0101011234'],
    ['in a resource id', 'Patient/pat-0101011234'],
    ['at the start and end', '0101011234'],
  ])('removes a CPR written with %s', (_what, text) => {
    expect(scrubLogText(text)).not.toMatch(/\p{Nd}{6}/u);
  });

  it("removes a URL's query string, whatever it holds", () => {
    const query = fc
      .stringMatching(/^[A-Za-z0-9%&=.:|_-]{1,60}$/)
      .filter((text) => !SCRUBBED.query.includes(text));
    fc.assert(
      fc.property(around, query, around, (before, planted, after) => {
        const out = scrubLogText(
          `${before} GET https://fut.example/fhir/Patient?${planted} ${after}`,
        );
        // (Inside double quotes the whole URL goes; either way the query is gone.)
        expect(out).not.toContain(`?${planted}`);
      }),
    );
  });

  it('removes double-quoted text (a JSON error quoting the body)', () => {
    expect(
      scrubLogText('SyntaxError: Unexpected token \'J\', "Jens Hansen" is not valid JSON'),
    ).toBe(`SyntaxError: Unexpected token 'J', ${SCRUBBED.quoted} is not valid JSON`);
  });

  it('keeps what support needs: the message, the path, a status, a short number', () => {
    const message =
      "gateway: retrying GET http://127.0.0.1:3001/fhir/Patient?identifier=x%7C0101011234 (attempt 2); channel 'cache-unlock' 503 after 15000 ms";
    expect(scrubLogText(message)).toBe(
      `gateway: retrying GET http://127.0.0.1:3001/fhir/Patient${SCRUBBED.query} (attempt 2); channel 'cache-unlock' 503 after 15000 ms`,
    );
  });

  it('leaves text without digits, question marks or double quotes as it is, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const once = scrubLogText(text);
        expect(scrubLogText(once)).toBe(once);
        if (!/[\p{Nd}?"]/u.test(text)) expect(once).toBe(text);
      }),
    );
  });
});
