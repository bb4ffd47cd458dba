import type {
  Bundle,
  Coding,
  EpisodeOfCare,
  OperationOutcomeIssue,
  Provenance,
  Resource,
} from '@medplum/fhirtypes';
import type { BackendContext } from '../backend-context.ts';
import type { RequestData } from '../fhir/request-data.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';
import { jsonReply, type HttpReply } from '../fhir/replies.ts';
import { readJsonObject, validateStructure } from '../fhir/request-body.ts';
import type { StoredResource } from '../store/resource-store.ts';
import {
  basedOnOf,
  episodeOfCareOf,
  MEASUREMENT_TYPES,
  statusOf,
  subjectOf,
  SYSTEM_TAG_SYSTEM,
} from './measurement-facts.ts';
import { refuseKnownIdentifiers } from './identifier-uniqueness.ts';
import { finish, serverProvenance } from './submission-enrichment.ts';

/**
 * `$submit-measurement` (measurement service, OperationDefinition -s-submit-measurement):
 * a transaction Bundle of Observations, QuestionnaireResponses, Media and reuse
 * Provenances, stored all or nothing. Every entry is checked before anything is
 * written; one invalid entry refuses the whole submission (400, one issue per
 * problem). The server adds a Provenance linking what was submitted, copies the
 * EpisodeOfCare's system tags, and fills in `ehealth-resolved-timing` where the
 * client left it out.
 */

const ALLOWED_TYPES: ReadonlySet<string> = new Set([...MEASUREMENT_TYPES, 'Provenance']);
const REQUIRED_STATUS: Readonly<Record<string, string>> = {
  Observation: 'final',
  QuestionnaireResponse: 'completed',
  Media: 'completed',
};

type Stored = Resource & { id: string };

/** The `measurement` Bundle: from Parameters (as the OperationDefinition has it) or sent bare. */
function measurementBundle(request: RequestData): Bundle {
  const body = readJsonObject(request);
  if (body.resourceType === 'Bundle') return body as unknown as Bundle;
  if (body.resourceType !== 'Parameters') {
    throw new FhirHttpError(
      400,
      'invalid',
      '$submit-measurement takes Parameters with a "measurement" Bundle.',
    );
  }
  const parameters = (body.parameter ?? []) as { name?: string; resource?: Resource }[];
  const unknown = parameters.filter((p) => p.name !== 'measurement');
  if (unknown.length > 0)
    throw new FhirHttpError(400, 'invalid', '$submit-measurement takes only "measurement".');
  const bundle = parameters[0]?.resource;
  if (parameters.length !== 1 || bundle?.resourceType !== 'Bundle') {
    throw new FhirHttpError(
      400,
      'invalid',
      '$submit-measurement needs exactly one "measurement" Bundle.',
    );
  }
  return bundle;
}

class Problems {
  readonly issues: OperationOutcomeIssue[] = [];
  add(where: string, text: string): void {
    this.issues.push({
      severity: 'error',
      code: 'invalid',
      diagnostics: `${where}: ${text}`,
      expression: [where],
    });
  }
  check(where: string, test: () => void): void {
    try {
      test();
    } catch (error) {
      this.add(where, error instanceof Error ? error.message : 'invalid');
    }
  }
}

function replaceReferences(value: unknown, map: ReadonlyMap<string, string>): void {
  if (Array.isArray(value)) {
    for (const item of value) replaceReferences(item, map);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const [key, member] of Object.entries(record)) {
      if (key === 'reference' && typeof member === 'string' && map.has(member))
        record[key] = map.get(member);
      else replaceReferences(member, map);
    }
  }
}

function systemTags(resource: Resource): Coding[] {
  return (resource.meta?.tag ?? []).filter((tag) => tag.system === SYSTEM_TAG_SYSTEM);
}

/** Validates the whole Bundle and returns the resources to store, ids assigned. */
export function prepareSubmission(bundle: Bundle, context: BackendContext): Stored[] {
  const problems = new Problems();
  if (bundle.type !== 'transaction') problems.add('Bundle.type', 'must be "transaction"');
  const entries = bundle.entry ?? [];
  const fullUrls = new Map<string, string>();
  const resources: Stored[] = [];
  entries.forEach((entry, i) => {
    const where = `Bundle.entry[${i}]`;
    const resource = entry.resource ? structuredClone<Resource>(entry.resource) : undefined;
    if (!resource || !ALLOWED_TYPES.has(resource.resourceType)) {
      problems.add(where, 'must hold an Observation, QuestionnaireResponse, Media or Provenance');
      return;
    }
    if (!entry.fullUrl || !/^urn:(uuid|oid):/.test(entry.fullUrl) || fullUrls.has(entry.fullUrl)) {
      problems.add(`${where}.fullUrl`, 'must be a unique urn:uuid: or urn:oid:');
    }
    if (entry.request?.method !== 'POST') problems.add(`${where}.request.method`, 'must be POST');
    const id = context.newId();
    if (entry.fullUrl) fullUrls.set(entry.fullUrl, `${resource.resourceType}/${id}`);
    resources.push({ ...resource, id });
  });
  if (!resources.some((r) => MEASUREMENT_TYPES.includes(r.resourceType))) {
    problems.add(
      'Bundle.entry',
      'must hold at least one Observation, QuestionnaireResponse or Media',
    );
  }
  const submitted = new Set(fullUrls.values());
  resources.forEach((resource, i) => {
    const where = `Bundle.entry[${i}].resource`;
    replaceReferences(resource, fullUrls);
    problems.check(where, () => context.wire.normaliseBody(resource));
    problems.check(where, () => validateStructure(resource));
    const required = REQUIRED_STATUS[resource.resourceType];
    if (required && statusOf(resource) !== required)
      problems.add(`${where}.status`, `must be "${required}"`);
    if (resource.resourceType === 'Provenance') {
      const targets = (resource as Provenance).target;
      if (
        targets.length === 0 ||
        !targets.every((t) => t.reference && submitted.has(t.reference))
      ) {
        problems.add(`${where}.target`, 'must refer to resources in the Bundle (by their fullUrl)');
      }
    }
  });
  const measurements = resources.filter((r) => MEASUREMENT_TYPES.includes(r.resourceType));
  const subjects = new Set(measurements.map(subjectOf));
  const episodes = new Set(measurements.map(episodeOfCareOf));
  const [subject] = subjects;
  const [episode] = episodes;
  if (subjects.size !== 1 || !subject)
    problems.add('Bundle.entry', 'every measurement must have the same subject (Patient)');
  if (episodes.size !== 1 || !episode)
    problems.add('Bundle.entry', 'every measurement must have the same workflow-episodeOfCare');
  const patient = subject ? context.store.getByReference(subject) : undefined;
  const episodeOfCare = episode ? context.store.getByReference(episode) : undefined;
  if (subject && patient?.type !== 'Patient')
    problems.add('Bundle.entry', `subject ${subject} is not a known Patient`);
  if (episode && episodeOfCare?.type !== 'EpisodeOfCare')
    problems.add('Bundle.entry', `${episode} is not a known EpisodeOfCare`);
  const eoc = episodeOfCare?.resource as EpisodeOfCare | undefined;
  if (eoc && subject && eoc.patient.reference !== subject)
    problems.add('Bundle.entry', `${episode ?? ''} is not ${subject}'s`);
  const eocTags = eoc ? systemTags(eoc) : [];
  resources.forEach((resource, i) => {
    const foreign = systemTags(resource).filter(
      (tag) => !eocTags.some((own) => own.code === tag.code),
    );
    if (foreign.length > 0)
      problems.add(
        `Bundle.entry[${i}].resource.meta.tag`,
        'carries a system tag its EpisodeOfCare does not have',
      );
    if (resource.resourceType === 'Media') return;
    for (const ref of MEASUREMENT_TYPES.includes(resource.resourceType)
      ? basedOnOf(resource)
      : []) {
      if (context.store.getByReference(ref)?.type !== 'ServiceRequest') {
        problems.add(`Bundle.entry[${i}].resource.basedOn`, `${ref} is not a known ServiceRequest`);
      }
    }
  });
  if (problems.issues.length > 0) throw FhirHttpError.withIssues(400, problems.issues);
  refuseKnownIdentifiers('measurement', measurements, context);
  return [
    ...resources.map((resource) => finish(resource, eocTags, context)),
    serverProvenance(measurements, subject ?? '', eocTags, context),
  ];
}

export async function submitMeasurement(
  request: RequestData,
  context: BackendContext,
): Promise<HttpReply> {
  const bundle = measurementBundle(request);
  // Checked under the write lock: what the entries refer to cannot change before they are stored.
  return context.writes.transact(() => ({
    ops: prepareSubmission(bundle, context).map((resource) => ({
      kind: 'put' as const,
      resource,
      service: 'measurement',
      mustBeNew: true,
    })),
    result: (written) => {
      const entries = written.flatMap((entry) => (entry ? [responseEntry(entry, context)] : []));
      const head = JSON.stringify({
        resourceType: 'Bundle',
        id: context.newId(),
        type: 'transaction-response',
        meta: { lastUpdated: new Date(context.clock.readMark()).toISOString() },
      });
      return jsonReply(200, `${head.slice(0, -1)},"entry":[${entries.join(',')}]}`);
    },
  }));
}

function responseEntry(entry: StoredResource, context: BackendContext): string {
  const url = context.wire.absolute(entry.type, entry.id);
  const response = {
    status: '201 Created',
    location: `${url}/_history/${entry.versionId}`,
    etag: `W/"${entry.versionId}"`,
    lastModified: new Date(entry.lastUpdatedMs).toISOString(),
  };
  return `{"fullUrl":${JSON.stringify(url)},"resource":${context.wire.toWire(entry.resource)},"response":${JSON.stringify(response)}}`;
}
