import { beforeAll, describe, expect, it } from 'vitest';
import {
  createBackendCore,
  type BackendCore,
} from '../../../../../main/demo-backend/backend-core.ts';
import { FhirHttpError } from '../../../../../main/demo-backend/fhir/fhir-error.ts';
import { parseSearch } from '../../../../../main/demo-backend/search/search-query.ts';

let core: BackendCore;
beforeAll(async () => {
  core = await createBackendCore();
});

function parse(service: string, type: string, query: string) {
  const rules = core.catalog.rules(service, type);
  if (!rules) throw new Error(`${service} has no ${type}`);
  return parseSearch([...new URLSearchParams(query)], {
    rules,
    toInternal: (ref) => ref.replace('http://x/careplan/fhir/', ''),
  });
}

function refusal(service: string, type: string, query: string): { status: number; text: string } {
  try {
    parse(service, type, query);
  } catch (error) {
    if (error instanceof FhirHttpError) return { status: error.status, text: error.message };
    throw error;
  }
  throw new Error(`${query} was accepted`);
}

describe('search parameters against FUT’s statement', () => {
  it('accepts listed parameters and result parameters', () => {
    const query = parse(
      'task',
      'Task',
      'responsible=CareTeam/t1&_lastUpdated=gt2025-01-01&_sort=_lastUpdated&_count=1000&_total=none&_include=Task:focus',
    );
    expect(query.count).toBe(1000);
    expect(query.total).toBe('none');
    expect(query.request.filters?.map((f) => f.code)).toEqual(['responsible', '_lastUpdated']);
  });

  it('normalises absolute reference values', () => {
    const query = parse(
      'measurement',
      'Observation',
      'episodeOfCare=http://x/careplan/fhir/EpisodeOfCare/e1',
    );
    expect(query.request.filters?.[0]?.value).toBe('EpisodeOfCare/e1');
  });

  it('refuses what the statement does not list (400) and names the valid ones', () => {
    expect(refusal('measurement', 'Observation', '_lastUpdated=gt2025')).toMatchObject({
      status: 400,
      text: expect.stringContaining('episodeOfCare') as string,
    });
    expect(refusal('careplan', 'EpisodeOfCare', '_id=1').status).toBe(400);
    expect(refusal('task', 'Task', '_sort=foo').status).toBe(400);
    expect(refusal('task', 'Task', '_revinclude=Observation:subject').status).toBe(400);
  });

  it('answers 501 for what FUT lists but the demo back end does not implement', () => {
    expect(refusal('task', 'Task', '_content=x').status).toBe(501);
    expect(refusal('careplan', 'CarePlan', 'participant-function-actor=x').status).toBe(501);
    expect(refusal('task', 'Task', '_summary=true').status).toBe(501);
  });

  it('refuses malformed values', () => {
    expect(refusal('task', 'Task', '_count=many').status).toBe(400);
    expect(refusal('task', 'Task', '_lastUpdated=gtyesterday').status).toBe(400);
    expect(refusal('task', 'Task', '_format=xml').status).toBe(406);
  });

  it('caps pages at 1,000', () => {
    expect(parse('task', 'Task', '_count=5000').count).toBe(1000);
  });
});
