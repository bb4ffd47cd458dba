/**
 * The shape every FUT code constant in this module has, and the two ways it
 * goes into a resource. Constants are frozen and shared; resources get fresh
 * objects, so a server that mutates what it stores cannot corrupt a constant.
 */
import type { CodeableConcept, Coding } from '@medplum/fhirtypes';

export interface CodeDef {
  readonly system: string;
  readonly code: string;
  /** The display the code system gives (English unless the code system is Danish). */
  readonly display: string;
  /** The Danish designation where the code system has one. */
  readonly da?: string;
}

/** A new FHIR Coding for a code constant. */
export function toCoding(def: CodeDef): Coding {
  return { system: def.system, code: def.code, display: def.display };
}

/** A new FHIR CodeableConcept holding the code constants given, in order. */
export function toCodeableConcept(...defs: readonly CodeDef[]): CodeableConcept {
  return { coding: defs.map(toCoding) };
}

/** True when a Coding carries this code (same system and code). */
export function isCode(coding: Coding | undefined, def: CodeDef): boolean {
  return coding?.system === def.system && coding.code === def.code;
}

/** True when any coding of the concept carries this code. */
export function hasCode(concept: CodeableConcept | undefined, def: CodeDef): boolean {
  return concept?.coding?.some((coding) => isCode(coding, def)) ?? false;
}

/** Builds a frozen map of code constants that share one system. */
export function codesOf<const K extends string>(
  system: string,
  entries: Readonly<Record<K, readonly [code: string, display: string, da?: string]>>,
): Readonly<Record<K, CodeDef>> {
  const out = {} as Record<K, CodeDef>;
  for (const key of Object.keys(entries) as K[]) {
    const [code, display, da] = entries[key];
    out[key] = Object.freeze(
      da === undefined ? { system, code, display } : { system, code, display, da },
    );
  }
  return Object.freeze(out);
}
