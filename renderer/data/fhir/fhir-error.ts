export type FhirErrorKind =
  /** The back end cannot be reached (offline, down, timed out). */
  | 'unreachable'
  /** The server answered with an error (4xx/5xx) and usually an OperationOutcome. */
  | 'server'
  /** The server's answer is not what FHIR promises (bad JSON, wrong resource type, broken bundle). */
  | 'invalid-response';

/** A failed FHIR call, with a message fit to show and the server's own words where it gave them. */
export class FhirError extends Error {
  readonly kind: FhirErrorKind;
  readonly status: number;
  readonly diagnostics: string | null;
  constructor(
    kind: FhirErrorKind,
    status: number,
    message: string,
    diagnostics: string | null = null,
  ) {
    super(message);
    this.name = 'FhirError';
    this.kind = kind;
    this.status = status;
    this.diagnostics = diagnostics;
  }
}

/** The server answered 200 with something the workbench cannot use as what it asked for. */
export function unreadable(status: number, detail?: string): FhirError {
  return new FhirError(
    'invalid-response',
    status,
    detail === undefined
      ? 'The FHIR server sent an answer the workbench cannot read.'
      : `The FHIR server sent an answer the workbench cannot read: ${detail}.`,
  );
}
