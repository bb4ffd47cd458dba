/**
 * Canonical URLs of the demo's own definitions (plans, activities,
 * questionnaires and their answer codes). FUT serves PlanDefinitions and
 * ActivityDefinitions from its plan service; the demo does not generate
 * those, so plans and requests point at canonicals in this namespace.
 */
export const DEMO_CANONICAL_BASE = 'https://fhir.nordjysk-esundhed.demo/fhir';

export function planDefinitionCanonical(name: string): string {
  return `${DEMO_CANONICAL_BASE}/PlanDefinition/${name}|1.0`;
}

export function activityDefinitionCanonical(name: string): string {
  return `${DEMO_CANONICAL_BASE}/ActivityDefinition/${name}|1.0`;
}

export function questionnaireUrl(name: string): string {
  return `${DEMO_CANONICAL_BASE}/Questionnaire/${name}`;
}

export function answerCodeSystem(name: string): string {
  return `${DEMO_CANONICAL_BASE}/CodeSystem/${name}-answers`;
}
