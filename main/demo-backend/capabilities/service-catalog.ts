import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * FUT's services and what each allows, read from the IG's CapabilityStatements at
 * start-up (never transcribed into code): which resource types a service holds,
 * and per type the interactions, search parameters, includes and operations.
 */

const SearchParamSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  definition: z.string().optional(),
});

const TypeSchema = z.looseObject({
  type: z.string(),
  profile: z.string().optional(),
  interaction: z.array(z.looseObject({ code: z.string() })).optional(),
  searchParam: z.array(SearchParamSchema).optional(),
  searchInclude: z.array(z.string()).optional(),
  searchRevInclude: z.array(z.string()).optional(),
  conditionalCreate: z.boolean().optional(),
  conditionalUpdate: z.boolean().optional(),
  operation: z.array(z.looseObject({ name: z.string() })).optional(),
});

const StatementSchema = z.looseObject({
  resourceType: z.literal('CapabilityStatement'),
  id: z.string().regex(/^[a-z][a-z-]*$/),
  rest: z
    .array(
      z.looseObject({
        resource: z.array(TypeSchema).optional(),
        interaction: z.array(z.looseObject({ code: z.string() })).optional(),
        operation: z.array(z.looseObject({ name: z.string() })).optional(),
      }),
    )
    .min(1),
});

export interface CsSearchParam {
  readonly name: string;
  /** FHIR search parameter type as the statement declares it (`reference`, `token`, …). */
  readonly type: string;
  /** Canonical URL of the definition the statement points to, if any. */
  readonly definition: string | undefined;
}

/** What one service allows on one resource type. */
export interface TypeRules {
  readonly service: string;
  readonly type: string;
  readonly profile: string | undefined;
  readonly interactions: ReadonlySet<string>;
  readonly searchParams: ReadonlyMap<string, CsSearchParam>;
  readonly searchInclude: ReadonlySet<string>;
  readonly searchRevInclude: ReadonlySet<string>;
  readonly conditionalCreate: boolean;
  readonly conditionalUpdate: boolean;
  readonly operations: ReadonlySet<string>;
}

export interface ServiceRules {
  readonly name: string;
  /** The statement exactly as the IG has it; `/metadata` serves it with our base URL. */
  readonly statement: Readonly<Record<string, unknown>>;
  readonly types: ReadonlyMap<string, TypeRules>;
  /** System-level operations (`$submit-measurement`, …), names without `$`. */
  readonly operations: ReadonlySet<string>;
  /** System-level interactions (`transaction`, `batch`, …). */
  readonly interactions: ReadonlySet<string>;
}

export class ServiceCatalog {
  readonly services: ReadonlyMap<string, ServiceRules>;
  readonly #holders = new Map<string, string[]>();

  constructor(services: readonly ServiceRules[]) {
    this.services = new Map(services.map((service) => [service.name, service]));
    for (const service of services) {
      for (const type of service.types.keys()) {
        this.#holders.set(type, [...(this.#holders.get(type) ?? []), service.name]);
      }
    }
  }

  /** The rules for a type on a service, or undefined when the service does not hold it. */
  rules(service: string, type: string): TypeRules | undefined {
    return this.services.get(service)?.types.get(type);
  }

  /** Every service whose statement lists the type, in file order. */
  servicesHolding(type: string): readonly string[] {
    return this.#holders.get(type) ?? [];
  }

  /** Every resource type some service lists. */
  types(): readonly string[] {
    return [...this.#holders.keys()];
  }
}

/** Reads `CapabilityStatement-*.json` from the IG folder; the statement id names the service. */
export function loadServiceCatalog(igDirectory: string): ServiceCatalog {
  const files = readdirSync(igDirectory)
    .filter((name) => /^CapabilityStatement-[a-z-]+\.json$/.test(name))
    .sort();
  if (files.length === 0) throw new Error(`No CapabilityStatements in ${igDirectory}`);
  return new ServiceCatalog(
    files.map((file) => {
      const raw: unknown = JSON.parse(readFileSync(join(igDirectory, file), 'utf8'));
      return serviceRulesFrom(raw);
    }),
  );
}

/** Builds one service's rules from a parsed CapabilityStatement. */
export function serviceRulesFrom(raw: unknown): ServiceRules {
  const statement = StatementSchema.parse(raw);
  const types = new Map<string, TypeRules>();
  const operations = new Set<string>();
  const interactions = new Set<string>();
  for (const rest of statement.rest) {
    for (const operation of rest.operation ?? []) operations.add(operation.name);
    for (const interaction of rest.interaction ?? []) interactions.add(interaction.code);
    for (const entry of rest.resource ?? []) {
      types.set(entry.type, {
        service: statement.id,
        type: entry.type,
        profile: entry.profile,
        interactions: new Set((entry.interaction ?? []).map((i) => i.code)),
        searchParams: new Map(
          (entry.searchParam ?? []).map((p) => [
            p.name,
            { name: p.name, type: p.type, definition: p.definition },
          ]),
        ),
        searchInclude: new Set(entry.searchInclude ?? []),
        searchRevInclude: new Set(entry.searchRevInclude ?? []),
        conditionalCreate: entry.conditionalCreate ?? false,
        conditionalUpdate: entry.conditionalUpdate ?? false,
        operations: new Set((entry.operation ?? []).map((o) => o.name)),
      });
    }
  }
  return {
    name: statement.id,
    statement: raw as Readonly<Record<string, unknown>>,
    types,
    operations,
    interactions,
  };
}
