/**
 * Reads FUT's IG JSON (resources/fut-ig/) for tests: code systems with all
 * their (nested) concepts, value sets expanded from `compose.include`
 * (listed concepts, whole systems, `is-a` filters, included value sets) and
 * concept maps. Tests check the app's codes against this, never against the
 * app's own constants.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CodeSystem, CodeSystemConcept, ConceptMap, ValueSet } from '@medplum/fhirtypes';

const IG_DIR = fileURLToPath(new URL('../../../../resources/fut-ig/', import.meta.url));

/**
 * Value sets the IG includes but does not ship (HL7 core), with the codes
 * HL7 FHIR R4 defines for them. Only what the app's bindings reach.
 */
const EXTERNAL_VALUE_SETS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  // http://hl7.org/fhir/R4/valueset-consent-scope.html
  'http://hl7.org/fhir/ValueSet/consent-scope': {
    'http://terminology.hl7.org/CodeSystem/consentscope': [
      'adr',
      'research',
      'patient-privacy',
      'treatment',
    ],
  },
};

/** Code systems the IG includes whole but does not ship (HL7 terminology), with their R4 codes. */
const EXTERNAL_CODE_SYSTEMS: Readonly<Record<string, readonly string[]>> = {
  // http://terminology.hl7.org/CodeSystem/referencerange-meaning (FHIR R4)
  'http://terminology.hl7.org/CodeSystem/referencerange-meaning': [
    'type',
    'normal',
    'recommended',
    'treatment',
    'therapeutic',
    'pre',
    'post',
    'endocrine',
    'pre-puberty',
    'follicular',
    'midcycle',
    'luteal',
    'postmenopausal',
  ],
};

export interface Ig {
  readonly codeSystems: ReadonlyMap<string, CodeSystem>;
  readonly valueSets: ReadonlyMap<string, ValueSet>;
  readonly conceptMaps: readonly ConceptMap[];
  readonly namingSystems: readonly {
    uniqueId?: { type?: string; value?: string }[];
    name?: string;
  }[];
}

let cached: Ig | undefined;

export function loadIg(): Ig {
  if (cached) return cached;
  const codeSystems = new Map<string, CodeSystem>();
  const valueSets = new Map<string, ValueSet>();
  const conceptMaps: ConceptMap[] = [];
  const namingSystems: Ig['namingSystems'][number][] = [];
  for (const file of readdirSync(IG_DIR)) {
    if (!file.endsWith('.json')) continue;
    const resource = JSON.parse(readFileSync(`${IG_DIR}${file}`, 'utf8')) as {
      resourceType: string;
      url?: string;
    };
    if (resource.resourceType === 'CodeSystem' && resource.url)
      codeSystems.set(resource.url, resource as CodeSystem);
    if (resource.resourceType === 'ValueSet' && resource.url)
      valueSets.set(resource.url, resource as ValueSet);
    if (resource.resourceType === 'ConceptMap') conceptMaps.push(resource as ConceptMap);
    if (resource.resourceType === 'NamingSystem')
      namingSystems.push(resource as Ig['namingSystems'][number]);
  }
  cached = { codeSystems, valueSets, conceptMaps, namingSystems };
  return cached;
}

function walk(
  concepts: readonly CodeSystemConcept[] | undefined,
  visit: (c: CodeSystemConcept) => void,
): void {
  for (const concept of concepts ?? []) {
    visit(concept);
    walk(concept.concept, visit);
  }
}

/** Every concept of a code system in the IG (code → display), or undefined if the IG lacks it. */
export function codeSystemConcepts(
  url: string,
): ReadonlyMap<string, string | undefined> | undefined {
  const system = loadIg().codeSystems.get(url);
  if (!system) return undefined;
  const out = new Map<string, string | undefined>();
  walk(system.concept, (c) => out.set(c.code, c.display));
  return out;
}

function descendants(url: string, root: string): string[] {
  const system = loadIg().codeSystems.get(url);
  const out: string[] = [];
  const find = (concepts: readonly CodeSystemConcept[] | undefined): void => {
    for (const concept of concepts ?? []) {
      if (concept.code === root) walk([concept], (c) => out.push(c.code));
      else find(concept.concept);
    }
  };
  find(system?.concept);
  return out;
}

/** system → codes. */
export type Expansion = ReadonlyMap<string, ReadonlySet<string>>;

const expansions = new Map<string, Expansion>();

/**
 * Expands a value set from the IG's JSON. Throws when it reaches a code
 * system or value set the IG does not ship and the table above does not
 * know, so a test never passes by not looking.
 */
export function expandValueSet(url: string): Expansion {
  const done = expansions.get(url);
  if (done) return done;
  const out = new Map<string, Set<string>>();
  const add = (system: string, codes: Iterable<string>): void => {
    const set = out.get(system) ?? new Set<string>();
    for (const code of codes) set.add(code);
    out.set(system, set);
  };
  const external = EXTERNAL_VALUE_SETS[url];
  if (external) {
    for (const [system, codes] of Object.entries(external)) add(system, codes);
  } else {
    const valueSet = loadIg().valueSets.get(url);
    if (!valueSet) throw new Error(`value set not in the IG: ${url}`);
    for (const include of valueSet.compose?.include ?? []) {
      for (const nested of include.valueSet ?? [])
        for (const [system, codes] of expandValueSet(nested)) add(system, codes);
      if (!include.system) continue;
      if (include.concept)
        add(
          include.system,
          include.concept.map((c) => c.code ?? ''),
        );
      else if (include.filter) {
        for (const filter of include.filter) {
          if (filter.property !== 'concept' || filter.op !== 'is-a')
            throw new Error(`unsupported filter in ${url}`);
          add(include.system, descendants(include.system, filter.value ?? ''));
        }
      } else {
        const concepts = codeSystemConcepts(include.system);
        const externalCodes = EXTERNAL_CODE_SYSTEMS[include.system];
        if (concepts) add(include.system, concepts.keys());
        else if (externalCodes) add(include.system, externalCodes);
        else
          throw new Error(`${url} includes all of ${include.system}, which the IG does not ship`);
      }
    }
  }
  expansions.set(url, out);
  return out;
}

export function inValueSet(
  url: string,
  system: string | undefined,
  code: string | undefined,
): boolean {
  if (!system || code === undefined) return false;
  return expandValueSet(url).get(system)?.has(code) ?? false;
}

/** A concept map's targets: `${sourceSystem}|${code}` → target codes. */
export function conceptMapTargets(
  urlEnd: string,
): ReadonlyMap<string, readonly { system: string; code: string }[]> {
  const map = loadIg().conceptMaps.find((m) => m.url?.endsWith(urlEnd));
  if (!map) throw new Error(`concept map not in the IG: ${urlEnd}`);
  const out = new Map<string, { system: string; code: string }[]>();
  for (const group of map.group ?? [])
    for (const element of group.element ?? []) {
      const key = `${group.source ?? ''}|${element.code ?? ''}`;
      out.set(key, [
        ...(out.get(key) ?? []),
        ...(element.target ?? []).map((t) => ({ system: group.target ?? '', code: t.code ?? '' })),
      ]);
    }
  return out;
}
