import { validateResource, OperationOutcomeError } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import type { RequestData } from './request-data.ts';
import { FhirHttpError } from './fhir-error.ts';

/** Reading request bodies: content type, JSON, shape. Every refusal is a 4xx OperationOutcome. */

function mediaType(request: RequestData): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

const FHIR_JSON_TYPES: ReadonlySet<string> = new Set(['application/fhir+json', 'application/json']);

function parseJson(request: RequestData): unknown {
  if (request.body.length === 0)
    throw new FhirHttpError(400, 'required', 'The request has no body.');
  try {
    return JSON.parse(request.body.toString('utf8')) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable';
    throw new FhirHttpError(
      400,
      'structure',
      `The body is not valid JSON (${reason.slice(0, 200)}).`,
    );
  }
}

/** A JSON object body sent as `application/fhir+json` (or `application/json`). */
export function readJsonObject(request: RequestData): Record<string, unknown> {
  const type = mediaType(request);
  if (!FHIR_JSON_TYPES.has(type)) {
    throw new FhirHttpError(
      415,
      'not-supported',
      `Send application/fhir+json, not "${type || 'no content type'}".`,
    );
  }
  const value = parseJson(request);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FhirHttpError(400, 'structure', 'The body must be a JSON object (a FHIR resource).');
  }
  return value as Record<string, unknown>;
}

/** A resource body of the expected type. */
export function readResource(request: RequestData, expectedType: string): Resource {
  const body = readJsonObject(request);
  if (body.resourceType !== expectedType) {
    throw new FhirHttpError(
      400,
      'invalid',
      `Expected a ${expectedType}, got ${typeof body.resourceType === 'string' ? body.resourceType : 'no resourceType'}.`,
    );
  }
  return body as unknown as Resource;
}

export type PatchBody =
  | { readonly kind: 'json-patch'; readonly operations: unknown[] }
  | { readonly kind: 'fhirpath-patch'; readonly parameters: Resource };

/** JSON Patch (`application/json-patch+json`) or FHIRPath Patch (a Parameters resource). */
export function readPatch(request: RequestData): PatchBody {
  const type = mediaType(request);
  if (type === 'application/json-patch+json') {
    const value = parseJson(request);
    if (!Array.isArray(value))
      throw new FhirHttpError(400, 'structure', 'A JSON Patch body is an array of operations.');
    return { kind: 'json-patch', operations: value };
  }
  if (FHIR_JSON_TYPES.has(type)) {
    const body = readJsonObject(request);
    if (body.resourceType !== 'Parameters') {
      throw new FhirHttpError(400, 'invalid', 'A FHIRPath Patch body is a Parameters resource.');
    }
    return { kind: 'fhirpath-patch', parameters: body as unknown as Resource };
  }
  throw new FhirHttpError(
    415,
    'not-supported',
    `Send application/json-patch+json (JSON Patch) or application/fhir+json (FHIRPath Patch), not "${type || 'no content type'}".`,
  );
}

/** Form-encoded parameters of `POST <Type>/_search`. */
export function readSearchForm(request: RequestData): [string, string][] {
  const type = mediaType(request);
  if (request.body.length > 0 && type !== 'application/x-www-form-urlencoded') {
    throw new FhirHttpError(
      415,
      'not-supported',
      'POST _search takes application/x-www-form-urlencoded parameters.',
    );
  }
  return [...new URLSearchParams(request.body.toString('utf8'))];
}

/**
 * Structural validation against the base R4 definitions (Medplum's validator):
 * unknown elements, wrong types, malformed dates. Profiles are not checked.
 */
export function validateStructure(resource: Resource, where = ''): void {
  try {
    validateResource(resource);
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      const problems = error.outcome.issue
        .slice(0, 10)
        .map(
          (issue) =>
            `${issue.details?.text ?? issue.diagnostics ?? 'invalid'} (${issue.expression?.join(', ') ?? ''})`,
        );
      throw new FhirHttpError(
        400,
        'invalid',
        `${where}${resource.resourceType} is not valid: ${problems.join('; ')}`,
      );
    }
    throw error;
  }
}
