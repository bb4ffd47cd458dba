import type { StoredResource } from '../store/resource-store.ts';
import { operationOutcome } from '../fhir/fhir-error.ts';
import { jsonReply, outcomeReply, type HttpReply, type PreferReturn } from '../fhir/replies.ts';
import type { WireReferences } from './wire-references.ts';

/** ETag, Last-Modified (and Location when asked) for one stored version. */
export function versionHeaders(
  entry: StoredResource,
  wire: WireReferences,
  withLocation: boolean,
): Record<string, string> {
  return {
    ETag: `W/"${entry.versionId}"`,
    'Last-Modified': new Date(entry.lastUpdatedMs).toUTCString(),
    ...(withLocation
      ? { Location: wire.absolute(entry.type, entry.id, `/_history/${entry.versionId}`) }
      : {}),
  };
}

/** A stored resource as the answer to read, create, update or patch. */
export function resourceReply(
  status: number,
  entry: StoredResource,
  wire: WireReferences,
  options: {
    readonly location?: boolean;
    readonly prefer?: PreferReturn;
    readonly message?: string;
  } = {},
): HttpReply {
  const headers = versionHeaders(entry, wire, options.location ?? false);
  switch (options.prefer ?? 'representation') {
    case 'minimal':
      return jsonReply(status, undefined, headers);
    case 'OperationOutcome':
      return outcomeReply(
        status,
        operationOutcome(
          'information',
          'informational',
          options.message ?? `${entry.type}/${entry.id} stored.`,
        ),
        headers,
      );
    case 'representation':
      return jsonReply(status, wire.toWire(entry.resource), headers);
  }
}
