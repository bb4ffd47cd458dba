import { getStatus, isOperationOutcome, OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/** A refusal with its HTTP status and the OperationOutcome that explains it. */
export class FhirHttpError extends Error {
  readonly status: number;
  readonly outcome: OperationOutcome;

  constructor(
    status: number,
    code: OperationOutcomeIssue['code'],
    text: string,
    expression?: string,
  ) {
    super(text);
    this.name = 'FhirHttpError';
    this.status = status;
    this.outcome = operationOutcome('error', code, text, expression);
  }

  /** One refusal listing several problems (e.g. every invalid entry of a Bundle). */
  static withIssues(status: number, issues: readonly OperationOutcomeIssue[]): FhirHttpError {
    const error = new FhirHttpError(
      status,
      issues[0]?.code ?? 'invalid',
      issues.map((i) => i.diagnostics ?? '').join('; '),
    );
    error.outcome.issue = [...issues];
    return error;
  }
}

export function operationOutcome(
  severity: OperationOutcomeIssue['severity'],
  code: OperationOutcomeIssue['code'],
  text: string,
  expression?: string,
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      { severity, code, diagnostics: text, ...(expression ? { expression: [expression] } : {}) },
    ],
  };
}

/**
 * Status and OperationOutcome for anything thrown while answering. Medplum's own
 * errors keep their status (400, 404, 412, …); anything else is a 500 whose text
 * says nothing about internals.
 */
export function describeFailure(error: unknown): {
  status: number;
  outcome: OperationOutcome;
  internal: boolean;
} {
  if (error instanceof FhirHttpError)
    return { status: error.status, outcome: error.outcome, internal: false };
  if (error instanceof OperationOutcomeError) {
    const status = getStatus(error.outcome);
    return { status, outcome: error.outcome, internal: status >= 500 };
  }
  if (isOperationOutcome(error))
    return { status: getStatus(error), outcome: error, internal: false };
  return {
    status: 500,
    outcome: operationOutcome(
      'fatal',
      'exception',
      'The demo back end failed to answer this request.',
    ),
    internal: true,
  };
}
