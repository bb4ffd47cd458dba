import type { SearchParameter } from '@medplum/fhirtypes';

/**
 * Definitions for search parameters FUT's CapabilityStatements list but neither
 * the IG (SearchParameter-*.json) nor base R4 defines. Expressions follow the
 * IG's profiles (FUT-PROFILES.md §1, §6). Extensions are read with
 * `extension.where(url = …)`, which yields every match: Medplum's `extension(url)`
 * returns only the first, and Task has 1..* responsible teams.
 *
 * These are the demo back end's own definitions, not published by FUT; the URLs
 * say so.
 */

const HL7_EPISODE = 'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare';
const EH = 'http://ehealth.sundhed.dk/fhir/StructureDefinition/';
const URL_BASE = 'urn:nordjysk-workbench:demo-backend:SearchParameter:';

type SpType = 'reference' | 'token' | 'date' | 'string' | 'uri';

function ext(type: string, url: string): string {
  return `${type}.extension.where(url = '${url}')`;
}

function define(
  code: string,
  type: SpType,
  expressions: Readonly<Record<string, string>>,
  target?: readonly string[],
): SearchParameter {
  const base = Object.keys(expressions);
  return {
    resourceType: 'SearchParameter',
    url: `${URL_BASE}${code}`,
    name: code,
    status: 'active',
    description: `FUT search parameter ${code} (demo back end definition)`,
    code,
    base: base as SearchParameter['base'],
    type,
    expression: Object.values(expressions).join(' | '),
    ...(target ? { target: [...target] as SearchParameter['target'] } : {}),
  };
}

/** `<Type>.extension(<url>).value` for several types at once. */
function extensionValue(types: readonly string[], url: string, tail = ''): Record<string, string> {
  return Object.fromEntries(types.map((type) => [type, `${ext(type, url)}.value${tail}`]));
}

/** `<Type>.extension(<url>).extension(<part>).value` for complex extensions. */
function extensionPart(
  types: readonly string[],
  url: string,
  part: string,
): Record<string, string> {
  return Object.fromEntries(
    types.map((type) => [type, `${ext(type, url)}.extension.where(url = '${part}').value`]),
  );
}

const MEASUREMENTS = ['Observation', 'QuestionnaireResponse', 'Media'] as const;
const TIMED = [...MEASUREMENTS, 'Task'] as const;
const WITH_PARTICIPANTS = ['EpisodeOfCare', 'CarePlan'] as const;

export const FUT_SEARCH_PARAMETERS: readonly SearchParameter[] = [
  define(
    'episodeOfCare',
    'reference',
    {
      ...extensionValue(
        [...MEASUREMENTS, 'ClinicalImpression', 'CarePlan', 'CommunicationRequest'],
        HL7_EPISODE,
      ),
      Task: `${ext('Task', `${EH}ehealth-task-episodeOfCare`)}.value`,
    },
    ['EpisodeOfCare'],
  ),
  define('responsible', 'reference', extensionValue(['Task'], `${EH}ehealth-task-responsible`), [
    'Patient',
    'Practitioner',
    'RelatedPerson',
    'CareTeam',
  ]),
  define(
    'carePlan',
    'reference',
    {
      Task: `${ext('Task', `${EH}ehealth-reference-careplan`)}.value`,
      ClinicalImpression: `${ext('ClinicalImpression', `${EH}ehealth-clinicalimpression-careplan`)}.value`,
    },
    ['CarePlan'],
  ),
  define('category', 'token', extensionValue(['Task'], `${EH}ehealth-task-category`)),
  define(
    'restriction-category',
    'token',
    extensionValue(['Task'], `${EH}ehealth-restriction-category`),
  ),
  define(
    'decision',
    'token',
    extensionValue(['ClinicalImpression'], `${EH}ehealth-clinicalimpression-decision`),
  ),
  define(
    'resolvedTimingStart',
    'date',
    extensionPart(TIMED, `${EH}ehealth-resolved-timing`, 'start'),
  ),
  define('resolvedTimingEnd', 'date', extensionPart(TIMED, `${EH}ehealth-resolved-timing`, 'end')),
  define(
    'resolvedTimingType',
    'token',
    extensionPart(TIMED, `${EH}ehealth-resolved-timing`, 'type'),
  ),
  define(
    'resolvedTimingServiceRequestVersionId',
    'token',
    extensionPart(TIMED, `${EH}ehealth-resolved-timing`, 'serviceRequestVersionId'),
  ),
  define(
    'qualityType',
    'token',
    extensionPart(MEASUREMENTS, `${EH}ehealth-quality`, 'qualityType'),
  ),
  define(
    'qualityCode',
    'token',
    extensionPart(MEASUREMENTS, `${EH}ehealth-quality`, 'qualityCode'),
  ),
  define(
    'effectivePeriodStart',
    'date',
    extensionValue(['QuestionnaireResponse'], `${EH}ehealth-effectivePeriod`, '.start'),
  ),
  define(
    'effectivePeriodEnd',
    'date',
    extensionValue(['QuestionnaireResponse'], `${EH}ehealth-effectivePeriod`, '.end'),
  ),
  define(
    'recipientCareTeam',
    'reference',
    extensionValue(['Communication'], `${EH}ehealth-communication-recipientCareTeam`),
    ['CareTeam'],
  ),
  define(
    'senderCareTeam',
    'reference',
    extensionValue(['Communication'], `${EH}ehealth-communication-senderCareTeam`),
    ['CareTeam'],
  ),
  define('periodStart', 'date', extensionValue(['Communication'], `${EH}ehealth-period`, '.start')),
  define('periodEnd', 'date', extensionValue(['Communication'], `${EH}ehealth-period`, '.end')),
  define('team', 'reference', { EpisodeOfCare: 'EpisodeOfCare.team' }, ['CareTeam']),
  define(
    'participant-actor',
    'reference',
    extensionPart(WITH_PARTICIPANTS, `${EH}ehealth-participant`, 'actor'),
    ['CareTeam', 'Practitioner'],
  ),
  define(
    'participant-function',
    'token',
    extensionPart(WITH_PARTICIPANTS, `${EH}ehealth-participant`, 'function'),
  ),
  define('status-scheduled-time', 'date', {
    ...extensionPart(
      ['EpisodeOfCare'],
      `${EH}ehealth-episodeofcare-statusschedule`,
      'scheduledTime',
    ),
    ...extensionPart(['CarePlan'], `${EH}ehealth-careplan-statusschedule`, 'scheduledTime'),
  }),
  define(
    'status-scheduled-status',
    'token',
    extensionPart(['CarePlan'], `${EH}ehealth-careplan-statusschedule`, 'status'),
  ),
  define(
    'team-scheduled-time',
    'date',
    extensionPart(WITH_PARTICIPANTS, `${EH}ehealth-teamschedule`, 'scheduledTime'),
  ),
  define(
    'status-history-status',
    'token',
    extensionPart(['CarePlan'], `${EH}ehealth-careplan-statusHistory`, 'status'),
  ),
  define('status-history-start-time', 'date', {
    CarePlan: `${ext('CarePlan', `${EH}ehealth-careplan-statusHistory`)}.extension.where(url = 'period').value.start`,
  }),
  define('status-history-end-time', 'date', {
    CarePlan: `${ext('CarePlan', `${EH}ehealth-careplan-statusHistory`)}.extension.where(url = 'period').value.end`,
  }),
  define(
    'affiliation',
    'reference',
    extensionValue(['Consent'], `${EH}ehealth-consent-affiliation`),
    ['EpisodeOfCare', 'CarePlan'],
  ),
  define('policy', 'uri', { Consent: 'Consent.policy.uri' }),
  define('reasonCode', 'token', {
    CommunicationRequest: 'CommunicationRequest.reasonCode',
    CareTeam: 'CareTeam.reasonCode',
  }),
  define('addresses', 'reference', { Goal: 'Goal.addresses' }),
  define('managingOrganization', 'reference', { CareTeam: 'CareTeam.managingOrganization' }, [
    'Organization',
  ]),
  ...(['cvrNumber', 'municipalityCode', 'regionCode', 'providerIdentifier'] as const).map((code) =>
    define(code, 'string', extensionValue(['Organization'], `${EH}ehealth-organization-${code}`)),
  ),
  define('source', 'token', extensionValue(['Organization'], `${EH}ehealth-organization-source`)),
  define(
    'specialty',
    'token',
    extensionPart(['Organization'], `${EH}ehealth-organization-specialty`, 'specialty'),
  ),
  define('contactName', 'string', { Organization: 'Organization.contact.name' }),
];
