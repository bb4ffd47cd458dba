/** A thrown value as the outbox panel quotes it. */
export function failureMessage(error: unknown): string {
  return error instanceof Error
    ? error.message
    : typeof error === 'string'
      ? error
      : 'unknown error';
}
