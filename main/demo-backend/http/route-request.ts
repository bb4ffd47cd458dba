import type { FhirRoute } from '../fhir/fhir-route.ts';

/**
 * Where a request goes, from method and path alone (before any body is read or
 * fault applied): the admin endpoint, or a service and FHIR interaction.
 * Layout: `/<service>/fhir[/<Type>[/<id>[/_history/<vid>]]]`, `/<service>/fhir/metadata`,
 * `/<service>/fhir/$<op>`, `/<service>/fhir?_getpages=…` (next/previous page links).
 */

export type Route =
  | FhirRoute
  | { readonly kind: 'admin'; readonly path: string }
  | { readonly kind: 'unknown'; readonly status: 404 | 405; readonly text: string };

const TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const OPERATION = /^\$([a-zA-Z][a-zA-Z0-9-]*)$/;

function unknown(text: string): Route {
  return { kind: 'unknown', status: 404, text };
}

function badMethod(method: string, path: string): Route {
  return { kind: 'unknown', status: 405, text: `${method} is not allowed on ${path}.` };
}

export function routeRequest(
  method: string,
  pathname: string,
  services: ReadonlySet<string>,
): Route {
  if (pathname.startsWith('/__admin/')) return { kind: 'admin', path: pathname };
  const segments = pathname.split('/').slice(1);
  if (segments.at(-1) === '') segments.pop();
  const [service, fhir, first, second, third, fourth, ...rest] = segments;
  if (!service || !services.has(service)) {
    return unknown(
      `No FUT service "${service ?? ''}" here. Services: ${[...services].sort().join(', ')}.`,
    );
  }
  if (fhir !== 'fhir' || rest.length > 0)
    return unknown(`${pathname} is not a FHIR path of this server.`);
  const base = { kind: 'fhir' as const, service };
  if (first === undefined) {
    if (method === 'GET') return { ...base, interaction: 'page' };
    if (method === 'POST') return { ...base, interaction: 'batch' };
    return badMethod(method, pathname);
  }
  const systemOperation = OPERATION.exec(first);
  if (systemOperation?.[1]) {
    if (second !== undefined) return unknown(`${pathname} is not a FHIR path of this server.`);
    return method === 'GET' || method === 'POST'
      ? { ...base, interaction: 'operation', operation: systemOperation[1] }
      : badMethod(method, pathname);
  }
  if (first === 'metadata' && second === undefined) {
    return method === 'GET'
      ? { ...base, interaction: 'capabilities' }
      : badMethod(method, pathname);
  }
  if (!TYPE.test(first)) return unknown(`"${first}" is not a resource type.`);
  const type = first;
  if (second === undefined) {
    switch (method) {
      case 'GET':
        return { ...base, type, interaction: 'search-type' };
      case 'POST':
        return { ...base, type, interaction: 'create' };
      case 'PUT':
        return { ...base, type, interaction: 'update', conditional: true };
      case 'PATCH':
        return { ...base, type, interaction: 'patch', conditional: true };
      case 'DELETE':
        return { ...base, type, interaction: 'delete', conditional: true };
      default:
        return badMethod(method, pathname);
    }
  }
  if (second === '_search' && third === undefined) {
    return method === 'POST'
      ? { ...base, type, interaction: 'search-type', searchByPost: true }
      : badMethod(method, pathname);
  }
  if (second === '_history' && third === undefined) {
    return method === 'GET'
      ? { ...base, type, interaction: 'history-type' }
      : badMethod(method, pathname);
  }
  const typeOperation = OPERATION.exec(second);
  if (typeOperation?.[1]) {
    if (third !== undefined) return unknown(`${pathname} is not a FHIR path of this server.`);
    return method === 'GET' || method === 'POST'
      ? { ...base, type, interaction: 'operation', operation: typeOperation[1] }
      : badMethod(method, pathname);
  }
  if (!ID.test(second)) return unknown(`"${second}" is not a valid resource id.`);
  const id = second;
  if (third === undefined) {
    switch (method) {
      case 'GET':
        return { ...base, type, id, interaction: 'read' };
      case 'PUT':
        return { ...base, type, id, interaction: 'update' };
      case 'PATCH':
        return { ...base, type, id, interaction: 'patch' };
      case 'DELETE':
        return { ...base, type, id, interaction: 'delete' };
      default:
        return badMethod(method, pathname);
    }
  }
  const instanceOperation = OPERATION.exec(third);
  if (instanceOperation?.[1] && fourth === undefined) {
    return method === 'GET' || method === 'POST'
      ? { ...base, type, id, interaction: 'operation', operation: instanceOperation[1] }
      : badMethod(method, pathname);
  }
  if (third !== '_history') return unknown(`${pathname} is not a FHIR path of this server.`);
  if (method !== 'GET') return badMethod(method, pathname);
  if (fourth === undefined) return { ...base, type, id, interaction: 'history-instance' };
  if (!ID.test(fourth)) return unknown(`"${fourth}" is not a valid version id.`);
  return { ...base, type, id, versionId: fourth, interaction: 'vread' };
}
