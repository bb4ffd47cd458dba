import type { AuditEvent, AuditEventAgent, AuditEventEntity } from '@medplum/fhirtypes';
import { maskCprs } from '../log/scrub.ts';
import { Profile } from '../fhir/profiles.ts';

/**
 * One look-up of one citizen's data, as an AuditEvent in FUT's
 * `ehealth-auditevent` shape (FUT-PROFILES §1.19 and the IG's guidance): the
 * one requestor with the user's identifier and responsible organisation, the
 * patient as entity role 1 (one event per patient), the accessed resources
 * as role 4, a search's query base64-encoded with CPRs masked, the source
 * `http://ehealth.sundhed.dk`. The demo back end writes these for what reaches
 * it; the app writes the same for a look-up answered from its cache.
 */

/** FUT's audit source (`source.observer.identifier.system`). */
export const AUDIT_SOURCE_SYSTEM = 'http://ehealth.sundhed.dk';
/** The IG's mask for a CPR inside an audited query. */
export const AUDIT_CPR_MASK = 'xxxxxxxxxx';
const RESPONSIBLE_ORGANIZATION =
  'http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-responsibleOrganization';
const DICOM_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const DICOM_LIFECYCLE = 'http://terminology.hl7.org/CodeSystem/dicom-audit-lifecycle';
const REST_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const PURPOSE_OF_USE = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
/** Where the look-up was answered from: a tag on the event, so a trail can tell them apart. */
export const AUDIT_ORIGIN_SYSTEM = 'urn:nordjysk-workbench:audit-origin';

export interface LookupAudit {
  /** ISO instant. */
  readonly recorded: string;
  /** `R` for reads and searches, `E` for an operation (its name in `subtype`). */
  readonly action: 'R' | 'E';
  /** The REST interaction (`read`, `search-type`) or the operation's name (`$get-patient-procedures`). */
  readonly subtype: string;
  /** The primary resource type (`outcomeDesc`). */
  readonly primaryType: string;
  readonly requestor: {
    /** The user's identifier (system and value), from the token. */
    readonly identifier: { readonly system: string; readonly value: string };
    readonly display?: string;
    /** The organisation the token's context names, as a reference. */
    readonly responsibleOrganization?: string;
  };
  /** `Patient/<id>` (relative or absolute). */
  readonly patient: string;
  /** Resources returned, as references; at most a few hundred are kept. */
  readonly accessed: readonly string[];
  /** A search's query string (without `?`); stored base64 with CPRs masked. */
  readonly query?: string;
  /** The care team the look-up was made in (FUT's context). */
  readonly careTeam?: string;
  readonly origin: 'network' | 'cache';
  /** `0` answered; `4` refused (outside the user's care relationship). Default `0`. */
  readonly outcome?: '0' | '4';
  /** A trace id shared by the request's events (entity type 2, role 21). */
  readonly traceId?: string;
}

const MAX_ACCESSED = 500;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The text's UTF-8 bytes; a lone surrogate (no UTF-8 form) becomes U+FFFD, as TextEncoder does. */
function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    let code = char.codePointAt(0) ?? 0xfffd;
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000)
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
  }
  return bytes;
}

/** Base64 of the text's UTF-8 bytes; by hand, as this module runs in main and page alike. */
function utf8Base64(text: string): string {
  const bytes = utf8Bytes(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = bytes.slice(i, i + 3);
    const triple = (a << 16) | (b << 8) | c;
    out += BASE64.charAt((triple >> 18) & 63);
    out += BASE64.charAt((triple >> 12) & 63);
    out += i + 1 < bytes.length ? BASE64.charAt((triple >> 6) & 63) : '=';
    out += i + 2 < bytes.length ? BASE64.charAt(triple & 63) : '=';
  }
  return out;
}

/** A query as FUT audits it: CPRs masked (in any form, URL-encoded too), then base64. */
export function auditedQuery(query: string): string {
  return utf8Base64(maskCprs(query, AUDIT_CPR_MASK));
}

export function lookupAuditEvent(lookup: LookupAudit): AuditEvent {
  const entity: AuditEventEntity[] = [
    {
      what: { reference: lookup.patient },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1' },
      role: { system: DICOM_ROLE, code: '1', display: 'Patient' },
    },
    ...lookup.accessed.slice(0, MAX_ACCESSED).map((reference): AuditEventEntity => ({
      what: { reference },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' },
      role: { system: DICOM_ROLE, code: '4', display: 'Domain Resource' },
      lifecycle: { system: DICOM_LIFECYCLE, code: '6', display: 'Access / Use' },
    })),
  ];
  if (lookup.query !== undefined) {
    entity.push({
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' },
      role: { system: DICOM_ROLE, code: '24', display: 'Query' },
      query: auditedQuery(lookup.query),
    });
  }
  if (lookup.traceId) {
    entity.push({
      what: { identifier: { value: lookup.traceId } },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' },
      role: { system: DICOM_ROLE, code: '21', display: 'Job Stream' },
    });
  }
  const who: AuditEventAgent['who'] = {
    identifier: { ...lookup.requestor.identifier },
    ...(lookup.requestor.display ? { display: lookup.requestor.display } : {}),
  };
  return {
    resourceType: 'AuditEvent',
    meta: {
      profile: [Profile.auditEvent],
      tag: [{ system: AUDIT_ORIGIN_SYSTEM, code: lookup.origin }],
    },
    type: { system: AUDIT_EVENT_TYPE, code: 'rest', display: 'RESTful Operation' },
    subtype: [
      lookup.action === 'E'
        ? { code: lookup.subtype }
        : { system: REST_INTERACTION, code: lookup.subtype },
    ],
    action: lookup.action,
    recorded: lookup.recorded,
    outcome: lookup.outcome ?? '0',
    outcomeDesc: lookup.primaryType,
    purposeOfEvent: [{ coding: [{ system: PURPOSE_OF_USE, code: 'TREAT', display: 'treatment' }] }],
    agent: [
      {
        requestor: true,
        who,
        ...(lookup.requestor.responsibleOrganization
          ? {
              extension: [
                {
                  url: RESPONSIBLE_ORGANIZATION,
                  valueReference: { reference: lookup.requestor.responsibleOrganization },
                },
              ],
            }
          : {}),
        // The care team whose membership gave access: the policy that authorised the look-up.
        ...(lookup.careTeam ? { policy: [lookup.careTeam] } : {}),
      },
    ],
    source: { observer: { identifier: { system: AUDIT_SOURCE_SYSTEM, value: 'ehealth' } } },
    entity,
  };
}
