import { describe, expect, it } from 'vitest';
import { routeRequest } from '../../../../../main/demo-backend/http/route-request.ts';

const services = new Set(['patient', 'measurement', 'task']);

describe('routing a request path', () => {
  it.each([
    ['GET', '/task/fhir/Task', { interaction: 'search-type', type: 'Task' }],
    [
      'POST',
      '/task/fhir/Task/_search',
      { interaction: 'search-type', type: 'Task', searchByPost: true },
    ],
    ['POST', '/task/fhir/Task', { interaction: 'create', type: 'Task' }],
    ['GET', '/task/fhir/Task/abc', { interaction: 'read', type: 'Task', id: 'abc' }],
    ['PUT', '/task/fhir/Task/abc', { interaction: 'update', id: 'abc' }],
    ['PATCH', '/task/fhir/Task/abc', { interaction: 'patch', id: 'abc' }],
    ['DELETE', '/task/fhir/Task/abc', { interaction: 'delete', id: 'abc' }],
    ['GET', '/task/fhir/Task/abc/_history/2', { interaction: 'vread', versionId: '2' }],
    ['GET', '/task/fhir/metadata', { interaction: 'capabilities', service: 'task' }],
    ['GET', '/task/fhir', { interaction: 'page' }],
    [
      'POST',
      '/measurement/fhir/$submit-measurement',
      { interaction: 'operation', operation: 'submit-measurement' },
    ],
    [
      'POST',
      '/patient/fhir/Patient/$createPatient',
      { interaction: 'operation', type: 'Patient', operation: 'createPatient' },
    ],
  ])('%s %s', (method, path, expected) => {
    expect(routeRequest(method, path, services)).toMatchObject({ kind: 'fhir', ...expected });
  });

  it('sends /__admin/ to the admin endpoint', () => {
    expect(routeRequest('GET', '/__admin/faults', services)).toEqual({
      kind: 'admin',
      path: '/__admin/faults',
    });
  });

  it.each([
    ['GET', '/nowhere/fhir/Task', 404],
    ['GET', '/task/rest/Task', 404],
    ['GET', '/task/fhir/task', 404],
    ['GET', '/task/fhir/Task/bad id', 404],
    ['PUT', '/task/fhir/metadata', 405],
    ['HEAD', '/task/fhir/Task/abc', 405],
  ])('refuses %s %s with %i', (method, path, status) => {
    expect(routeRequest(method, path, services)).toMatchObject({ kind: 'unknown', status });
  });
});
