/**
 * The fields of a FHIR element read without trusting its shape: an object's
 * own fields, or none for anything else (null, a primitive, an array). For
 * reading references and extensions that any of several resource types may
 * carry, where narrowing on `resourceType` first would list every type.
 */
export type Fields = Readonly<Record<string, unknown>>;

const NO_FIELDS: Fields = Object.freeze({});

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fieldsOf(value: unknown): Fields {
  return isFields(value) ? value : NO_FIELDS;
}
