import { evalFhirPathTyped, parseFhirPath, toTypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';

/**
 * Reads a search parameter's raw values from a resource without the FHIRPath
 * interpreter, for the handful of expression shapes FUT's indexed parameters use:
 * dotted paths (choice elements such as `effective` included), `where(resolve() is T)`,
 * `where(url = 'u')` and `extension('u')`. Medplum's interpreter takes 2–27 µs per
 * resource for these; this takes well under one, which is what makes seeding 200k
 * resources take seconds. Any other shape falls back to Medplum's interpreter.
 * Equality with the interpreter is checked by a property-based test.
 */

type Step =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'resolve-is'; readonly type: string }
  | { readonly kind: 'url-is'; readonly url: string }
  | { readonly kind: 'first-extension'; readonly url: string };

export type ValueExtractor = (resource: Resource) => unknown[];

/** Splits on `separator` outside parentheses and quotes. */
function splitTopLevel(input: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (char === "'" && input[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (depth === 0 && input.startsWith(separator, i)) {
      parts.push(input.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(input.slice(start));
  return parts.map((part) => part.trim());
}

function parseStep(token: string): Step | undefined {
  if (/^[a-zA-Z][a-zA-Z0-9]*$/.test(token)) return { kind: 'field', name: token };
  let match = /^where\(\(?resolve\(\) is ([A-Za-z]+)\)?\)$/.exec(token);
  if (match?.[1]) return { kind: 'resolve-is', type: match[1] };
  match = /^where\(\(?url\s*=\s*'([^']+)'\)?\)$/.exec(token);
  if (match?.[1]) return { kind: 'url-is', url: match[1] };
  match = /^extension\('([^']+)'\)$/.exec(token);
  if (match?.[1]) return { kind: 'first-extension', url: match[1] };
  return undefined;
}

function parseAlternative(resourceType: string, alternative: string): Step[] | undefined {
  const tokens = splitTopLevel(alternative, '.');
  if (tokens[0] !== resourceType || tokens.length < 2) return undefined;
  const steps: Step[] = [];
  for (const token of tokens.slice(1)) {
    const step = parseStep(token);
    if (!step) return undefined;
    steps.push(step);
  }
  return steps;
}

/** The value(s) under `name`, including choice elements (`effective` → `effectiveDateTime`). */
function fieldValues(value: unknown, name: string, out: unknown[]): void {
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  const direct = record[name];
  if (direct !== undefined) {
    pushFlat(direct, out);
    return;
  }
  for (const key of Object.keys(record)) {
    if (key.length > name.length && key.startsWith(name)) {
      const next = key.charCodeAt(name.length);
      if (next >= 65 && next <= 90) pushFlat(record[key], out);
    }
  }
}

/** Like Medplum's property access: arrays flatten (nulls dropped); a lone empty value ('', {}, []) is absent. */
function pushFlat(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== undefined && item !== null) out.push(item);
  } else if (
    value !== null &&
    value !== '' &&
    !(typeof value === 'object' && Object.keys(value).length === 0)
  ) {
    out.push(value);
  }
}

/** The type `resolve()` gives a reference value, as Medplum's FHIRPath computes it. */
export function resolvedTypeOf(value: unknown): string | undefined {
  let reference: string | undefined;
  if (typeof value === 'string') reference = value;
  else if (typeof value === 'object' && value !== null) {
    const ref = value as {
      resource?: { resourceType?: unknown };
      reference?: unknown;
      type?: unknown;
      identifier?: unknown;
    };
    if (ref.resource)
      return typeof ref.resource.resourceType === 'string' ? ref.resource.resourceType : undefined;
    if (typeof ref.reference === 'string' && ref.reference) reference = ref.reference;
    else if (typeof ref.type === 'string' && ref.type && ref.identifier) return ref.type;
  }
  if (reference === undefined) return undefined;
  if (reference.includes('?')) return reference.split('?')[0];
  if (reference.includes('/')) return reference.split('/')[0];
  return undefined;
}

function applyStep(values: unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  switch (step.kind) {
    case 'field':
      for (const value of values) fieldValues(value, step.name, out);
      return out;
    case 'resolve-is':
      return values.filter((value) => resolvedTypeOf(value) === step.type);
    case 'url-is':
      return values.filter(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          (value as { url?: unknown }).url === step.url,
      );
    case 'first-extension':
      for (const value of values) {
        const extensions = (value as { extension?: unknown }).extension;
        if (!Array.isArray(extensions)) continue;
        const first: unknown = extensions.find(
          (e: unknown) =>
            typeof e === 'object' && e !== null && (e as { url?: unknown }).url === step.url,
        );
        if (first !== undefined) out.push(first);
      }
      return out;
  }
}

/** Compiles a type-narrowed expression, or returns undefined for shapes this does not handle. */
export function compileFastExtractor(
  resourceType: string,
  expression: string,
): ValueExtractor | undefined {
  const alternatives: Step[][] = [];
  for (const alternative of splitTopLevel(expression, '|')) {
    const steps = parseAlternative(resourceType, alternative.replace(/^\((.*)\)$/, '$1'));
    if (!steps) return undefined;
    alternatives.push(steps);
  }
  return (resource) => {
    const out: unknown[] = [];
    for (const steps of alternatives) {
      let values: unknown[] = [resource];
      for (const step of steps) {
        values = applyStep(values, step);
        if (values.length === 0) break;
      }
      for (const value of values) if (!out.includes(value)) out.push(value);
    }
    return out;
  };
}

/** The fast extractor where possible, else Medplum's interpreter on a pre-parsed expression. */
export function compileExtractor(resourceType: string, expression: string): ValueExtractor {
  const fast = compileFastExtractor(resourceType, expression);
  if (fast) return fast;
  const parsed = parseFhirPath(expression);
  return (resource) =>
    evalFhirPathTyped(parsed, [toTypedValue(resource)]).map((typed): unknown => typed.value);
}

/** Medplum's interpreter, for tests that compare the two. */
export function interpretedValues(resource: Resource, expression: string): unknown[] {
  return evalFhirPathTyped(expression, [toTypedValue(resource)]).map(
    (typed): unknown => typed.value,
  );
}
