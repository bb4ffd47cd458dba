import type { OperationOutcome } from '@medplum/fhirtypes';
import { describeFailure } from './fhir-error.ts';

/** What a handler answers; the server writes it (or a fault rewrites it). */
export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text, or its UTF-8 bytes (large answers are written straight to bytes). */
  readonly body: string | Buffer | undefined;
}

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

const COMMON_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

export function jsonReply(
  status: number,
  body: string | Buffer | undefined,
  headers: Record<string, string> = {},
): HttpReply {
  return {
    status,
    headers: {
      ...COMMON_HEADERS,
      ...(body === undefined ? {} : { 'Content-Type': FHIR_JSON }),
      ...headers,
    },
    body,
  };
}

export function outcomeReply(
  status: number,
  outcome: OperationOutcome,
  headers: Record<string, string> = {},
): HttpReply {
  return jsonReply(status, JSON.stringify(outcome), headers);
}

/**
 * `prefix + items.join(',') + suffix` as UTF-8, each item encoded straight into
 * one buffer. A page of 1,000 resources is megabytes: as one string it would be
 * copied to join it, to flatten it and to encode it, each time into fresh memory.
 */
export function jsonBytes(prefix: string, items: readonly string[], suffix: string): Buffer {
  let size = Buffer.byteLength(prefix) + Buffer.byteLength(suffix) + Math.max(0, items.length - 1);
  for (const item of items) size += Buffer.byteLength(item);
  const bytes = Buffer.allocUnsafe(size);
  let at = bytes.write(prefix);
  items.forEach((item, index) => {
    if (index > 0) at += bytes.write(',', at);
    at += bytes.write(item, at);
  });
  at += bytes.write(suffix, at);
  if (at !== size) throw new Error('jsonBytes: size mismatch');
  return bytes;
}

/** The reply for anything thrown while answering (see `describeFailure`). */
export function failureReply(error: unknown): { reply: HttpReply; internal: boolean } {
  const { status, outcome, internal } = describeFailure(error);
  return { reply: outcomeReply(status, outcome), internal };
}

export type PreferReturn = 'representation' | 'minimal' | 'OperationOutcome';

/** `Prefer: return=…` (FHIR R4 http.html#ops); representation when absent or unknown. */
export function preferReturn(header: string | undefined): PreferReturn {
  const match = /return=(minimal|representation|OperationOutcome)/.exec(header ?? '');
  return (match?.[1] as PreferReturn | undefined) ?? 'representation';
}
