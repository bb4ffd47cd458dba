import type { Coding, Parameters, ParametersParameter, Resource } from '@medplum/fhirtypes';
import type { RequestData } from '../fhir/request-data.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';
import { readJsonObject } from '../fhir/request-body.ts';

/**
 * An operation's inputs, from a Parameters body (POST) or the query string (GET),
 * as the OperationDefinition names them. Values keep their FHIR type.
 */
export class OperationInput {
  readonly #parameters: readonly ParametersParameter[];
  readonly #operation: string;

  constructor(operation: string, parameters: readonly ParametersParameter[]) {
    this.#operation = operation;
    this.#parameters = parameters;
  }

  /** Reads a POSTed Parameters resource, or GET query parameters (as strings). */
  static from(operation: string, request: RequestData): OperationInput {
    if (request.method === 'GET') {
      return new OperationInput(
        operation,
        request.query.map(([name, value]) => ({ name, valueString: value })),
      );
    }
    const body = readJsonObject(request);
    if (body.resourceType !== 'Parameters') {
      throw new FhirHttpError(400, 'invalid', `$${operation} takes a Parameters resource.`);
    }
    return new OperationInput(operation, (body as unknown as Parameters).parameter ?? []);
  }

  names(): string[] {
    return this.#parameters.map((parameter) => parameter.name);
  }

  all(name: string): readonly ParametersParameter[] {
    return this.#parameters.filter((parameter) => parameter.name === name);
  }

  #one(name: string, required: boolean): ParametersParameter | undefined {
    const found = this.all(name);
    if (found.length > 1) throw this.error(`takes at most one "${name}"`);
    if (required && found.length === 0) throw this.error(`needs "${name}"`);
    return found[0];
  }

  error(text: string): FhirHttpError {
    return new FhirHttpError(400, 'invalid', `$${this.#operation} ${text}.`);
  }

  /** A reference value (valueReference, or a string in a GET query). */
  references(name: string): string[] {
    return this.all(name).map((parameter) => {
      const value = parameter.valueReference?.reference ?? parameter.valueString;
      if (!value) throw this.error(`"${name}" must be a reference`);
      return value;
    });
  }

  reference(name: string, required: boolean): string | undefined {
    this.#one(name, required);
    return this.references(name)[0];
  }

  /** A dateTime (valueDateTime, or a string), checked. */
  dateTime(name: string, required: boolean): string | undefined {
    const parameter = this.#one(name, required);
    const value =
      parameter?.valueDateTime ??
      parameter?.valueInstant ??
      parameter?.valueDate ??
      parameter?.valueString;
    if (parameter && (!value || Number.isNaN(Date.parse(value))))
      throw this.error(`"${name}" must be a dateTime`);
    return value;
  }

  integer(name: string, required: boolean): number | undefined {
    const parameter = this.#one(name, required);
    if (!parameter) return undefined;
    const value =
      parameter.valueInteger ??
      (parameter.valueString === undefined ? undefined : Number(parameter.valueString));
    if (value === undefined || !Number.isInteger(value))
      throw this.error(`"${name}" must be an integer`);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const parameter = this.#one(name, false);
    if (!parameter) return undefined;
    if (parameter.valueBoolean !== undefined) return parameter.valueBoolean;
    if (parameter.valueString === 'true' || parameter.valueString === 'false')
      return parameter.valueString === 'true';
    throw this.error(`"${name}" must be a boolean`);
  }

  /** Codings (valueCoding, or `system|code` strings in a GET query). */
  codings(name: string): Coding[] {
    return this.all(name).map((parameter) => {
      if (parameter.valueCoding) return parameter.valueCoding;
      const [system, code] = (parameter.valueString ?? '').split('|');
      if (!code) throw this.error(`"${name}" must be a Coding or system|code`);
      return { system: system || undefined, code };
    });
  }

  resource(name: string, required: boolean): Resource | undefined {
    const parameter = this.#one(name, required);
    if (parameter && !parameter.resource) throw this.error(`"${name}" must hold a resource`);
    return parameter?.resource;
  }

  /** Refuses parameters the OperationDefinition does not name. */
  allowOnly(names: readonly string[]): void {
    const unknown = this.names().filter((name) => !names.includes(name));
    if (unknown.length > 0)
      throw this.error(`does not take ${unknown.map((name) => `"${name}"`).join(', ')}`);
  }
}

/** Whether a resource's `meta.tag` holds any of the codings (system and code both compared). */
export function hasAnyTag(resource: Resource, tags: readonly Coding[]): boolean {
  return tags.some((tag) =>
    (resource.meta?.tag ?? []).some(
      (own) => own.code === tag.code && (!tag.system || own.system === tag.system),
    ),
  );
}
