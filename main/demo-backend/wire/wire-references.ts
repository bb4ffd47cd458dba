import type { Resource } from '@medplum/fhirtypes';
import type { ServiceCatalog } from '../capabilities/service-catalog.ts';
import { defaultServiceOfType, serviceMayHold } from '../capabilities/service-routing.ts';
import type { ResourceStore } from '../store/resource-store.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';

/**
 * References are stored relative (`Patient/abc`, so Medplum's reference search
 * matches them) and travel absolute across services, as in FUT
 * (`http://127.0.0.1:<port>/careplan/fhir/EpisodeOfCare/123`). Incoming absolute
 * references to our own services are made relative again; ones naming a service
 * that cannot hold the type are refused. Other absolute references (another
 * server's) are kept as they are.
 */

const ID = '[A-Za-z0-9\\-.]{1,64}';
const RELATIVE = new RegExp(`^([A-Z][A-Za-z]+)/(${ID})(/_history/${ID})?$`);
/** A `"reference":"Type/id"` member in serialized JSON; escaped quotes inside strings never match. */
const WIRE_REFERENCE = new RegExp(
  `"reference":"([A-Z][A-Za-z]+)/(${ID})((?:/_history/${ID})?)"`,
  'g',
);

export class WireReferences {
  readonly origin: string;
  readonly #prefixes: readonly string[];
  readonly #catalog: ServiceCatalog;
  readonly #store: ResourceStore;
  readonly #heldTypes: ReadonlySet<string>;
  /** Types only one service holds: their URL needs no look-up of the target. */
  readonly #onlyService: ReadonlyMap<string, string>;

  constructor(origin: string, catalog: ServiceCatalog, store: ResourceStore) {
    this.origin = origin;
    const port = new URL(origin).port;
    this.#prefixes = [`${origin}/`, `http://localhost:${port}/`, `http://127.0.0.1:${port}/`];
    this.#catalog = catalog;
    this.#store = store;
    this.#heldTypes = new Set(
      catalog.types().filter((type) => defaultServiceOfType(type, catalog)),
    );
    this.#onlyService = new Map(
      [...this.#heldTypes].flatMap((type) => {
        const homes = catalog.servicesHolding(type).filter((s) => serviceMayHold(s, type, catalog));
        return homes.length === 1 && homes[0] ? [[type, homes[0]] as const] : [];
      }),
    );
  }

  /** `http://127.0.0.1:<port>/<service>/fhir` (no trailing slash). */
  serviceBase(service: string): string {
    return `${this.origin}/${service}/fhir`;
  }

  /** The absolute URL of a stored or referenced resource. */
  absolute(type: string, id: string, history = ''): string {
    const service =
      this.#onlyService.get(type) ??
      this.#store.get(type, id)?.service ??
      defaultServiceOfType(type, this.#catalog);
    return service
      ? `${this.serviceBase(service)}/${type}/${id}${history}`
      : `${type}/${id}${history}`;
  }

  /**
   * Serializes a stored resource for the wire, references made absolute. Not
   * kept: at the benchmark size (220k resources, a 1.2 GB heap) keeping every
   * served version's text grew the heap by the size of everything served until
   * V8 ran a full collection, which stalled one request for over a second;
   * text that dies young costs a few ms a page instead.
   */
  toWire(resource: Resource): string {
    return JSON.stringify(resource).replace(
      WIRE_REFERENCE,
      (match, type: string, id: string, history: string) =>
        this.#heldTypes.has(type) ? `"reference":"${this.absolute(type, id, history)}"` : match,
    );
  }

  /** A relative `Type/id` for an absolute reference to one of our services; others unchanged. */
  toInternal(reference: string): string {
    const prefix = this.#prefixes.find((candidate) => reference.startsWith(candidate));
    if (!prefix) return reference;
    const rest = reference.slice(prefix.length);
    const match = new RegExp(`^([a-z][a-z-]*)/fhir/(.+)$`).exec(rest);
    const relative = match?.[2] ? RELATIVE.exec(match[2]) : null;
    if (!match?.[1] || !relative?.[1]) {
      throw new FhirHttpError(
        400,
        'invalid',
        `Reference ${reference} is not a resource URL of this server.`,
      );
    }
    const [service, type] = [match[1], relative[1]];
    if (!this.#catalog.services.has(service)) {
      throw new FhirHttpError(
        400,
        'invalid',
        `Reference ${reference} names an unknown service "${service}".`,
      );
    }
    if (!serviceMayHold(service, type, this.#catalog)) {
      const home = defaultServiceOfType(type, this.#catalog) ?? 'no service';
      throw new FhirHttpError(
        400,
        'invalid',
        `Reference ${reference}: ${type} does not live on the ${service} service (it lives on ${home}).`,
      );
    }
    return relative[0];
  }

  /** Normalises every `reference` member in a parsed body, in place. */
  normaliseBody(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.normaliseBody(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    for (const [key, member] of Object.entries(record)) {
      if (key === 'reference' && typeof member === 'string') record[key] = this.toInternal(member);
      else if (typeof member === 'object' && member !== null) this.normaliseBody(member);
    }
  }
}
