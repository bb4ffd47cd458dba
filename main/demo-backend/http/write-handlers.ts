import {
  applyPatch,
  deepClone,
  fhirpathPatchTypedValue,
  parseFhirPathPatchParameters,
  toTypedValue,
} from '@medplum/core';
import type { Parameters as FhirParameters, Resource } from '@medplum/fhirtypes';
import type { BackendContext } from '../backend-context.ts';
import type { RequestData } from '../fhir/request-data.ts';
import type { TypeRules } from '../capabilities/service-catalog.ts';
import { executeSearch } from '../search/execute-search.ts';
import { parseSearchFor } from '../search/search-handler.ts';
import type { StoredResource } from '../store/resource-store.ts';
import { FhirHttpError, operationOutcome } from '../fhir/fhir-error.ts';
import type { FhirRoute } from '../fhir/fhir-route.ts';
import {
  readPatch,
  readResource,
  validateStructure,
  type PatchBody,
} from '../fhir/request-body.ts';
import { outcomeReply, preferReturn, type HttpReply } from '../fhir/replies.ts';
import { resourceReply } from '../wire/resource-reply.ts';
import { prepareIncoming } from '../wire/incoming-resource.ts';
import { storedOn } from './read-handlers.ts';

/** create (and conditional create), update, patch, delete: all through the write path. */

/** `If-Match: W/"3"` (or `"3"`) → 3; absent → undefined; anything else → 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^(?:W\/)?"(\d{1,15})"$/.exec(header.trim());
  if (!match?.[1])
    throw new FhirHttpError(
      400,
      'invalid',
      `If-Match must look like W/"<versionId>", not ${header}.`,
    );
  return Number(match[1]);
}

export async function create(
  rules: TypeRules,
  route: FhirRoute,
  request: RequestData,
  context: BackendContext,
): Promise<HttpReply> {
  const resource = readResource(request, rules.type);
  prepareIncoming(resource, route, context);
  const prefer = preferReturn(request.headers.prefer);
  const ifNoneExist = request.headers['if-none-exist'];
  if (ifNoneExist !== undefined && !rules.conditionalCreate) {
    throw new FhirHttpError(
      400,
      'not-supported',
      `FUT does not support conditional create of ${rules.type} (If-None-Exist).`,
    );
  }
  const query =
    ifNoneExist === undefined
      ? undefined
      : parseSearchFor(
          rules,
          [...new URLSearchParams(ifNoneExist.replace(/^[A-Za-z]+\?/, ''))],
          context,
        );
  if (query && (query.request.filters ?? []).length === 0) {
    throw new FhirHttpError(400, 'invalid', 'If-None-Exist names no search criteria.');
  }
  const id = context.newId();
  return context.writes.transact(() => {
    if (query) {
      const { ids } = executeSearch(route.service, query.request, context);
      const [existingId] = ids;
      if (ids.length > 1) {
        throw new FhirHttpError(
          412,
          'duplicate',
          `If-None-Exist matches ${ids.length} ${rules.type} resources.`,
        );
      }
      const existing =
        existingId === undefined ? undefined : context.store.get(rules.type, existingId);
      if (existing) {
        return {
          ops: [],
          result: () => resourceReply(200, existing, context.wire, { location: true, prefer }),
        };
      }
    }
    const stored = { ...resource, id };
    return {
      ops: [{ kind: 'put', resource: stored, service: route.service, mustBeNew: true }],
      result: ([written]) => createdReply(written, context, prefer),
    };
  });
}

function createdReply(
  written: StoredResource | undefined,
  context: BackendContext,
  prefer: ReturnType<typeof preferReturn>,
): HttpReply {
  if (!written) throw new Error('create wrote nothing');
  return resourceReply(201, written, context.wire, { location: true, prefer });
}

export async function update(
  rules: TypeRules,
  route: FhirRoute,
  request: RequestData,
  context: BackendContext,
): Promise<HttpReply> {
  if (route.conditional) {
    throw new FhirHttpError(
      501,
      'not-supported',
      'Conditional update is not implemented by the demo back end; PUT to <Type>/<id>.',
    );
  }
  const resource = readResource(request, rules.type);
  if (resource.id !== route.id) {
    throw new FhirHttpError(
      400,
      'invalid',
      `The body's id (${resource.id ?? 'none'}) must be the id in the URL (${route.id ?? ''}).`,
    );
  }
  prepareIncoming(resource, route, context);
  const ifMatch = parseIfMatch(request.headers['if-match']);
  const prefer = preferReturn(request.headers.prefer);
  return context.writes.transact(() => {
    if (!context.store.get(rules.type, route.id ?? '')) {
      throw new FhirHttpError(
        405,
        'not-supported',
        `${rules.type}/${route.id ?? ''} does not exist; this server does not create resources by PUT.`,
      );
    }
    storedOn(route, context);
    return {
      ops: [
        {
          kind: 'put',
          resource: resource as Resource & { id: string },
          service: route.service,
          ifMatch,
        },
      ],
      result: ([written]) => {
        if (!written) throw new Error('update wrote nothing');
        return resourceReply(200, written, context.wire, { prefer });
      },
    };
  });
}

function applyPatchBody(current: Resource, body: PatchBody): Resource {
  const patched = deepClone(current);
  if (body.kind === 'json-patch') {
    const errors = applyPatch(patched, body.operations as Parameters<typeof applyPatch>[1]).filter(
      Boolean,
    );
    if (errors.length > 0) {
      throw new FhirHttpError(
        422,
        'processing',
        `The patch could not be applied: ${errors.map((e) => e?.message ?? '').join('; ')}`,
      );
    }
    return patched;
  }
  try {
    fhirpathPatchTypedValue(
      toTypedValue(patched),
      parseFhirPathPatchParameters(body.parameters as FhirParameters),
    );
  } catch (error) {
    throw new FhirHttpError(
      422,
      'processing',
      `The patch could not be applied: ${error instanceof Error ? error.message : 'invalid'}`,
    );
  }
  return patched;
}

export async function patch(
  rules: TypeRules,
  route: FhirRoute,
  request: RequestData,
  context: BackendContext,
): Promise<HttpReply> {
  if (route.conditional)
    throw new FhirHttpError(
      501,
      'not-supported',
      'Conditional patch is not implemented by the demo back end.',
    );
  const body = readPatch(request);
  context.wire.normaliseBody(body.kind === 'json-patch' ? body.operations : body.parameters);
  const ifMatch = parseIfMatch(request.headers['if-match']);
  const prefer = preferReturn(request.headers.prefer);
  return context.writes.transact(() => {
    const current = storedOn(route, context);
    if (ifMatch !== undefined && ifMatch !== current.versionId) {
      throw new FhirHttpError(
        412,
        'conflict',
        `${current.type}/${current.id} is at version ${current.versionId}, not ${ifMatch} (If-Match).`,
      );
    }
    const patched = applyPatchBody(current.resource, body);
    if (patched.resourceType !== current.type || patched.id !== current.id) {
      throw new FhirHttpError(422, 'processing', 'A patch may not change resourceType or id.');
    }
    validateStructure(patched);
    return {
      ops: [
        {
          kind: 'put',
          resource: patched as Resource & { id: string },
          service: route.service,
          ifMatch: current.versionId,
        },
      ],
      result: ([written]) => {
        if (!written) throw new Error('patch wrote nothing');
        return resourceReply(200, written, context.wire, { prefer });
      },
    };
  });
}

export async function remove(
  rules: TypeRules,
  route: FhirRoute,
  request: RequestData,
  context: BackendContext,
): Promise<HttpReply> {
  if (route.conditional)
    throw new FhirHttpError(
      501,
      'not-supported',
      'Conditional delete is not implemented by the demo back end.',
    );
  const ifMatch = parseIfMatch(request.headers['if-match']);
  return context.writes.transact(() => {
    storedOn(route, context);
    return {
      ops: [{ kind: 'delete', type: rules.type, id: route.id ?? '', ifMatch }],
      result: () =>
        outcomeReply(
          200,
          operationOutcome(
            'information',
            'informational',
            `${rules.type}/${route.id ?? ''} deleted.`,
          ),
        ),
    };
  });
}
