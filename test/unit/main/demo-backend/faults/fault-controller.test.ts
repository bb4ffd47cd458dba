import { describe, expect, it } from 'vitest';
import { FaultController } from '../../../../../main/demo-backend/faults/fault-controller.ts';
import type { FhirRoute } from '../../../../../main/demo-backend/fhir/fhir-route.ts';

const taskSearch: FhirRoute = {
  kind: 'fhir',
  service: 'task',
  interaction: 'search-type',
  type: 'Task',
};
const taskCreate: FhirRoute = {
  kind: 'fhir',
  service: 'task',
  interaction: 'create',
  type: 'Task',
};
const facts = (route: FhirRoute, method = 'GET', url = '/task/fhir/Task') => ({
  method,
  url,
  route,
});

describe('the fault controller', () => {
  it('applies nothing by default and the latency knob to every request', () => {
    expect(new FaultController().decide(facts(taskSearch))).toEqual({
      latencyMs: 0,
      action: undefined,
    });
    expect(new FaultController(40).decide(facts(taskSearch))).toEqual({
      latencyMs: 40,
      action: undefined,
    });
  });

  it('matches by method, interaction, type and path', () => {
    const faults = new FaultController();
    faults.add({
      kind: 'http-500',
      match: { method: 'POST', interaction: 'create', resourceType: 'Task' },
    });
    faults.add({ kind: 'timeout', match: { pathIncludes: '_getpages=' } });
    expect(faults.decide(facts(taskSearch)).action).toBeUndefined();
    expect(faults.decide(facts(taskCreate, 'POST')).action).toBe('http-500');
    expect(faults.decide(facts(taskSearch, 'GET', '/task/fhir?_getpages=x')).action).toBe(
      'timeout',
    );
  });

  it('limits a rule to the next N matching requests', () => {
    const faults = new FaultController();
    faults.add({ kind: 'drop-connection', times: 2, match: { interaction: 'create' } });
    expect(faults.decide(facts(taskSearch)).action).toBeUndefined();
    expect(faults.decide(facts(taskCreate)).action).toBe('drop-connection');
    expect(faults.decide(facts(taskCreate)).action).toBe('drop-connection');
    expect(faults.decide(facts(taskCreate)).action).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('adds up latency rules and lets the first other rule decide', () => {
    const faults = new FaultController(10);
    faults.add({ kind: 'latency', latencyMs: 100 });
    faults.add({ kind: 'duplicate-delivery', times: 1 });
    faults.add({ kind: 'latency', latencyMs: 5 });
    faults.add({ kind: 'commit-then-drop', times: 1 });
    expect(faults.decide(facts(taskCreate))).toEqual({
      latencyMs: 115,
      action: 'duplicate-delivery',
    });
    expect(faults.decide(facts(taskCreate))).toEqual({
      latencyMs: 115,
      action: 'commit-then-drop',
    });
    expect(faults.list().map((f) => f.rule.kind)).toEqual(['latency', 'latency']);
  });

  it('refuses malformed rules and can remove and clear', () => {
    const faults = new FaultController();
    expect(() => faults.add({ kind: 'latency' })).toThrow();
    expect(() => faults.add({ kind: 'explode' })).toThrow();
    expect(() => faults.add({ kind: 'http-500', times: 0 })).toThrow();
    const id = faults.add({ kind: 'http-500' });
    faults.add({ kind: 'timeout' });
    expect(faults.remove(id)).toBe(true);
    expect(faults.list()).toHaveLength(1);
    faults.clear();
    expect(faults.list()).toEqual([]);
  });
});
