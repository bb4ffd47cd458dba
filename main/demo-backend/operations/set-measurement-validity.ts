import type { ClinicalImpression, Extension, Resource } from '@medplum/fhirtypes';
import type { BackendContext } from '../backend-context.ts';
import type { RequestData } from '../fhir/request-data.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';
import { prepareIncoming } from '../wire/incoming-resource.ts';
import type { FhirRoute } from '../fhir/fhir-route.ts';
import { resourceReply } from '../wire/resource-reply.ts';
import { type HttpReply } from '../fhir/replies.ts';
import { validateStructure } from '../fhir/request-body.ts';
import type { WriteOp } from '../store/write-path.ts';
import { refuseKnownIdentifiers } from './identifier-uniqueness.ts';
import { EPISODE_OF_CARE_EXTENSION, MEASUREMENT_TYPES, subjectOf } from './measurement-facts.ts';
import { OperationInput } from './operation-input.ts';

/**
 * `ClinicalImpression/$set-measurement-validity` (task service, OperationDefinition
 * ClinicalImpression-t-set-measurement-validity): invalidates a measurement, or
 * retracts an earlier invalidation, through a ClinicalImpression. Measurements
 * are immutable otherwise; this is how a wrong one is corrected.
 *
 * In one write: the measurement's status becomes `entered-in-error` (invalidated)
 * or goes back to `final` (Observation) / `completed` (retracted); earlier
 * validity ClinicalImpressions of the measurement become `entered-in-error`; the
 * new ClinicalImpression is stored with an extra investigation `item-modified`
 * that names the measurement's new version. Assessor values are not set: the
 * demo back end has no signed-in user.
 */

const CS = 'http://ehealth.sundhed.dk/cs/';
const IMPRESSION_CODES = `${CS}clinicalimpression-codes`;
const FINDING_CODES = `${CS}clinicalimpression-finding-codes`;
const DECISION_CODES = `${CS}clinicalimpression-decision-codes`;
const DECISION_EXTENSION =
  'http://ehealth.sundhed.dk/fhir/StructureDefinition/ehealth-clinicalimpression-decision';
const INVESTIGATION_CODES = `${CS}clinicalimpression-investigation-item-codes`;
const INVALIDATED = 'measurement-invalidated';
const RETRACTED = 'measurement-invalidation-retracted';
const DECISIONS: ReadonlySet<string> = new Set([
  'invalidated-fulfills',
  'invalidated-is-not-fulfillment',
]);

type Finding = typeof INVALIDATED | typeof RETRACTED;

function hasCode(
  concept: { coding?: { system?: string; code?: string }[] } | undefined,
  system: string,
  code: string,
): boolean {
  return (concept?.coding ?? []).some((c) => c.system === system && c.code === code);
}

function findingOf(impression: ClinicalImpression): Finding | undefined {
  const findings = (impression.finding ?? []).map((f) => f.itemCodeableConcept);
  if (findings.some((f) => hasCode(f, FINDING_CODES, INVALIDATED))) return INVALIDATED;
  if (findings.some((f) => hasCode(f, FINDING_CODES, RETRACTED))) return RETRACTED;
  return undefined;
}

/** The measurement references of every investigation (versioned or not), as `Type/id`. */
function investigatedItems(impression: ClinicalImpression): string[] {
  return (impression.investigation ?? []).flatMap((investigation) =>
    (investigation.item ?? []).flatMap((item) => {
      const match = /^([A-Za-z]+)\/([A-Za-z0-9.-]{1,64})(?:\/_history\/\d+)?$/.exec(
        item.reference ?? '',
      );
      return match ? [`${match[1] ?? ''}/${match[2] ?? ''}`] : [];
    }),
  );
}

/** Earlier validity impressions of the measurement, still in force. */
function validityImpressions(measurement: string, context: BackendContext): ClinicalImpression[] {
  const found: ClinicalImpression[] = [];
  for (const stored of context.store.ofType('ClinicalImpression').values()) {
    const impression = stored.resource as ClinicalImpression;
    if (impression.status === 'entered-in-error') continue;
    if (!hasCode(impression.code, IMPRESSION_CODES, 'MeasurementAssessment')) continue;
    if (findingOf(impression) === undefined) continue;
    if (investigatedItems(impression).includes(measurement)) found.push(impression);
  }
  return found;
}

export async function setMeasurementValidity(
  route: FhirRoute,
  request: RequestData,
  context: BackendContext,
): Promise<HttpReply> {
  const input = OperationInput.from('set-measurement-validity', request);
  input.allowOnly(['clinicalImpression']);
  const given = input.resource('clinicalImpression', true);
  if (given?.resourceType !== 'ClinicalImpression')
    throw input.error('"clinicalImpression" must hold a ClinicalImpression');
  const impression = structuredClone<ClinicalImpression>(given);
  delete impression.id;
  prepareIncoming(impression, route, context);
  const problems: string[] = [];
  if (impression.status !== 'completed') problems.push('status must be "completed"');
  if (!hasCode(impression.code, IMPRESSION_CODES, 'MeasurementAssessment'))
    problems.push(`code must be MeasurementAssessment (${IMPRESSION_CODES})`);
  const finding = findingOf(impression);
  if (!finding) problems.push(`finding.itemCodeableConcept must be ${INVALIDATED} or ${RETRACTED}`);
  const decisions = (impression.extension ?? []).filter((e) => e.url === DECISION_EXTENSION);
  const decided = decisions.some((e) =>
    (e.valueCodeableConcept?.coding ?? []).some(
      (c) => c.system === DECISION_CODES && DECISIONS.has(c.code ?? ''),
    ),
  );
  if (finding === INVALIDATED && !decided)
    problems.push(
      'an invalidation needs the decision invalidated-fulfills or invalidated-is-not-fulfillment',
    );
  const items = [...new Set(investigatedItems(impression))];
  const [item] = items;
  if (items.length !== 1 || !item)
    problems.push('investigation.item must refer to exactly one measurement');
  const measurementType = item?.slice(0, item.indexOf('/')) ?? '';
  if (item && !MEASUREMENT_TYPES.includes(measurementType))
    problems.push(`investigation.item ${item} is not a measurement`);
  const subject = impression.subject.reference;
  const episode = (impression.extension ?? []).find((e) => e.url === EPISODE_OF_CARE_EXTENSION)
    ?.valueReference?.reference;
  if (!episode) problems.push('the workflow-episodeOfCare extension is required');
  if (problems.length > 0)
    throw FhirHttpError.withIssues(
      400,
      problems.map((text) => ({
        severity: 'error' as const,
        code: 'invalid' as const,
        diagnostics: `$set-measurement-validity: ${text}`,
      })),
    );
  const target = item ?? '';
  return context.writes.transact(() => {
    const measurement = context.store.getByReference(target);
    if (!measurement || !MEASUREMENT_TYPES.includes(measurement.type))
      throw new FhirHttpError(404, 'not-found', `${target} does not exist.`);
    const stored = measurement.resource;
    if (subjectOf(stored) !== subject)
      throw new FhirHttpError(400, 'invalid', `${target} is not ${subject ?? 'the subject'}'s.`);
    const measurementEpisode = ((stored as { extension?: Extension[] }).extension ?? []).find(
      (e) => e.url === EPISODE_OF_CARE_EXTENSION,
    )?.valueReference?.reference;
    if (measurementEpisode !== episode)
      throw new FhirHttpError(400, 'invalid', `${target} is not part of ${episode ?? ''}.`);
    refuseKnownIdentifiers(route.service, [impression], context);
    const earlier = validityImpressions(target, context);
    if (finding === RETRACTED && !earlier.some((e) => findingOf(e) === INVALIDATED))
      throw new FhirHttpError(400, 'business-rule', `${target} has no invalidation to retract.`);
    const restored = measurement.type === 'Observation' ? 'final' : 'completed';
    const changed = {
      ...stored,
      status: finding === INVALIDATED ? 'entered-in-error' : restored,
    } as Resource & { id: string };
    validateStructure(changed);
    const id = context.newId();
    const persisted: ClinicalImpression & { id: string } = {
      ...impression,
      id,
      investigation: [
        ...(impression.investigation ?? []),
        {
          code: { coding: [{ system: INVESTIGATION_CODES, code: 'item-modified' }] },
          item: [{ reference: `${target}/_history/${measurement.versionId + 1}` }],
        },
      ],
    };
    const ops: WriteOp[] = [
      {
        kind: 'put',
        resource: changed,
        service: measurement.service,
        ifMatch: measurement.versionId,
      },
      ...earlier.map((old): WriteOp => ({
        kind: 'put',
        resource: { ...old, id: old.id ?? '', status: 'entered-in-error' },
        service: route.service,
      })),
      { kind: 'put', resource: persisted, service: route.service, mustBeNew: true },
    ];
    return {
      ops,
      result: (written) => {
        const created = written[written.length - 1];
        if (!created) throw new Error('$set-measurement-validity wrote nothing');
        return resourceReply(200, created, context.wire, { location: true });
      },
    };
  });
}
