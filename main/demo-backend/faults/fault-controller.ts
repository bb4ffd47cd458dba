import { z } from 'zod';
import type { FhirRoute, Interaction } from '../fhir/fhir-route.ts';

/**
 * Faults the demo back end can inject, set programmatically or through the
 * admin endpoint. Every FHIR request is matched against the active rules:
 * all matching `latency` rules add their delay; the first matching rule of any
 * other kind decides the outcome. A rule with `times` applies to the next N
 * matching requests and then retires.
 *
 * - `latency`: answer after `latencyMs` more;
 * - `malformed-body`: handle the request (writes are stored), answer with a truncated body;
 * - `drop-connection`: destroy the socket without handling the request;
 * - `http-500`: answer 500 without handling the request;
 * - `timeout`: never answer, never handle (the socket stays open until the client gives up);
 * - `duplicate-delivery`: handle the request twice (as a retrying proxy would), answer with the second result;
 * - `commit-then-drop`: handle the request (writes are stored), then destroy the socket unanswered.
 */

export const FAULT_KINDS = [
  'latency',
  'malformed-body',
  'drop-connection',
  'http-500',
  'timeout',
  'duplicate-delivery',
  'commit-then-drop',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const INTERACTIONS = [
  'capabilities',
  'page',
  'search-system',
  'batch',
  'search-type',
  'create',
  'read',
  'vread',
  'update',
  'patch',
  'delete',
  'history-type',
  'history-instance',
  'operation',
] as const satisfies readonly Interaction[];

export const FaultMatchSchema = z.strictObject({
  method: z
    .string()
    .regex(/^[A-Za-z]{3,7}$/)
    .optional(),
  service: z.string().max(64).optional(),
  resourceType: z.string().max(64).optional(),
  interaction: z.enum(INTERACTIONS).optional(),
  /** Operation name without `$`. */
  operation: z.string().max(100).optional(),
  /** Substring of path and query (`/task/fhir/Task?`, `_getpages=`). */
  pathIncludes: z.string().max(500).optional(),
});
export type FaultMatch = z.infer<typeof FaultMatchSchema>;

export const FaultRuleSchema = z
  .strictObject({
    kind: z.enum(FAULT_KINDS),
    /** For `latency`: milliseconds added. */
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    match: FaultMatchSchema.optional(),
    /** Apply to the next N matching requests only; absent: until removed. */
    times: z.number().int().min(1).max(1_000_000).optional(),
  })
  .refine((rule) => rule.kind !== 'latency' || rule.latencyMs !== undefined, {
    message: 'a latency fault needs latencyMs',
  });
export type FaultRule = z.infer<typeof FaultRuleSchema>;

export interface ActiveFault {
  readonly id: string;
  readonly rule: FaultRule;
  /** Matching requests left (undefined: unlimited). */
  readonly remaining: number | undefined;
  /** How many requests it has applied to. */
  readonly fired: number;
}

/** What the server should do with one request. */
export interface FaultDecision {
  readonly latencyMs: number;
  readonly action: Exclude<FaultKind, 'latency'> | undefined;
}

export interface RequestFacts {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly route: FhirRoute | undefined;
}

function matches(match: FaultMatch | undefined, facts: RequestFacts): boolean {
  if (!match) return true;
  const { route } = facts;
  return (
    (match.method === undefined || match.method.toUpperCase() === facts.method) &&
    (match.service === undefined || match.service === route?.service) &&
    (match.resourceType === undefined || match.resourceType === route?.type) &&
    (match.interaction === undefined || match.interaction === route?.interaction) &&
    (match.operation === undefined || match.operation === route?.operation) &&
    (match.pathIncludes === undefined || facts.url.includes(match.pathIncludes))
  );
}

export class FaultController {
  #faults: { id: string; rule: FaultRule; remaining: number | undefined; fired: number }[] = [];
  #latencyMs: number;
  #nextId = 1;

  /** `latencyMs`: a delay every FHIR request gets (the latency knob), on top of any latency rule. */
  constructor(latencyMs = 0) {
    this.#latencyMs = latencyMs;
  }

  get latencyMs(): number {
    return this.#latencyMs;
  }

  setLatency(ms: number): void {
    this.#latencyMs = z.number().int().min(0).max(600_000).parse(ms);
  }

  /** Adds a rule (checked; throws on an invalid one) and returns its id. */
  add(rule: unknown): string {
    const parsed = FaultRuleSchema.parse(rule);
    const id = `fault-${this.#nextId++}`;
    this.#faults.push({ id, rule: parsed, remaining: parsed.times, fired: 0 });
    return id;
  }

  remove(id: string): boolean {
    const before = this.#faults.length;
    this.#faults = this.#faults.filter((fault) => fault.id !== id);
    return this.#faults.length < before;
  }

  /** Removes every rule (the latency knob stays). */
  clear(): void {
    this.#faults = [];
  }

  list(): readonly ActiveFault[] {
    return this.#faults.map((fault) => ({ ...fault }));
  }

  /** Decides one request's faults and uses up one of each applied rule's `times`. */
  decide(facts: RequestFacts): FaultDecision {
    let latencyMs = this.#latencyMs;
    let action: FaultDecision['action'];
    for (const fault of this.#faults) {
      if (!matches(fault.rule.match, facts)) continue;
      if (fault.rule.kind === 'latency') latencyMs += fault.rule.latencyMs ?? 0;
      else if (action === undefined) action = fault.rule.kind;
      else continue;
      fault.fired++;
      if (fault.remaining !== undefined) fault.remaining--;
    }
    this.#faults = this.#faults.filter(
      (fault) => fault.remaining === undefined || fault.remaining > 0,
    );
    return { latencyMs, action };
  }
}
