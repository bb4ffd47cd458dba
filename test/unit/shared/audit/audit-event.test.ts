import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_CPR_MASK,
  auditedQuery,
  lookupAuditEvent,
  type LookupAudit,
} from '../../../../shared/audit/audit-event.ts';
import { Profile } from '../../../../shared/fhir/profiles.ts';

const LOOKUP: LookupAudit = {
  recorded: '2026-12-08T09:15:00.000Z',
  action: 'R',
  subtype: 'search-type',
  primaryType: 'Observation',
  requestor: {
    identifier: { system: 'urn:oid:1.2.208.176.1.2', value: 'practitioner-lung-nurse' },
    display: 'Mette Kjærsgaard',
    responsibleOrganization: 'Organization/org-auh-lunge',
  },
  patient: 'Patient/p-1',
  accessed: ['Observation/o-1', 'Observation/o-2'],
  query: 'subject:Patient.identifier=urn:oid:1.2.208.176.1.2%7C0101011234&_count=50',
  careTeam: 'CareTeam/team-lung',
  origin: 'cache',
  traceId: 'trace-42',
};

const decode = (base64: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));

describe('a look-up as an ehealth-auditevent', () => {
  it('has the shape FUT’s guidance asks for', () => {
    const event = lookupAuditEvent(LOOKUP);
    expect(event.meta?.profile).toEqual([Profile.auditEvent]);
    expect(event.action).toBe('R');
    expect(event.subtype).toEqual([
      { system: 'http://hl7.org/fhir/restful-interaction', code: 'search-type' },
    ]);
    expect(event.outcomeDesc).toBe('Observation');
    expect(event.source.observer.identifier?.system).toBe('http://ehealth.sundhed.dk');
    expect(event.agent).toHaveLength(1);
    expect(event.agent[0]).toMatchObject({
      requestor: true,
      who: { identifier: { value: 'practitioner-lung-nurse' } },
      extension: [{ valueReference: { reference: 'Organization/org-auh-lunge' } }],
      policy: ['CareTeam/team-lung'],
    });
    const roles = (event.entity ?? []).map((entity) => entity.role?.code);
    expect(roles).toEqual(['1', '4', '4', '24', '21']);
    expect(event.entity?.[0]?.what?.reference).toBe('Patient/p-1');
    expect(event.meta?.tag).toEqual([expect.objectContaining({ code: 'cache' })]);
  });

  it('puts an operation’s name in subtype for action E, and marks a refusal', () => {
    const event = lookupAuditEvent({
      ...LOOKUP,
      action: 'E',
      subtype: '$get-patient-procedures',
      outcome: '4',
      query: undefined,
    });
    expect(event.subtype).toEqual([{ code: '$get-patient-procedures' }]);
    expect(event.outcome).toBe('4');
    expect((event.entity ?? []).some((entity) => entity.query)).toBe(false);
  });

  it('stores the query base64-encoded with the CPR masked', () => {
    const query = lookupAuditEvent(LOOKUP).entity?.find((entity) => entity.query)?.query ?? '';
    expect(decode(query)).toBe(
      `subject:Patient.identifier=urn:oid:1.2.208.176.1.2%7C${AUDIT_CPR_MASK}&_count=50`,
    );
  });

  it('masks every planted CPR, in any form, and keeps the rest of the query', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{10}$/),
        fc.constantFrom('', '-', '%2D', '%2d'),
        fc.stringMatching(/^[a-z_=&.]{0,20}$/),
        (cpr, dash, rest) => {
          const planted = `${cpr.slice(0, 6)}${dash}${cpr.slice(6)}`;
          const decoded = decode(auditedQuery(`identifier=${planted}&${rest}`));
          expect(decoded).not.toContain(cpr);
          expect(decoded).toBe(`identifier=${AUDIT_CPR_MASK}&${rest}`);
        },
      ),
    );
  });

  it('encodes any text as UTF-8 base64 exactly as Node does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const withoutDigits = text.replace(/\p{Nd}/gu, '');
        expect(auditedQuery(withoutDigits)).toBe(
          Buffer.from(withoutDigits, 'utf8').toString('base64'),
        );
      }),
    );
    // A lone surrogate becomes U+FFFD instead of throwing.
    expect(decode(auditedQuery('a\uD800b'))).toBe('a\uFFFDb');
  });

  it('keeps Danish letters in a query intact through base64', () => {
    expect(decode(auditedQuery('name=Søren Ærø'))).toBe('name=Søren Ærø');
  });
});
