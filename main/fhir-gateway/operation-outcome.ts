/** A FHIR OperationOutcome body for errors the gateway itself answers. */
export function operationOutcome(code: string, diagnostics: string): string {
  return JSON.stringify({
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, diagnostics }],
  });
}
