import { GATEWAY_PATH } from './normalise.ts';
import type { FhirServiceMap } from './service-map.ts';

const SERVICE_SEGMENT = /^[a-z][a-z-]*$/;
const TYPE_SEGMENT = /^[A-Z][A-Za-z]+$/;
const OPERATION_SEGMENT = /^\$[a-z][a-z-]*$/;
/**
 * What no decoded segment may hold: a separator (`\` is one to URL parsers
 * and to some servers), a control character, or a `%` left over from a
 * second layer of encoding, which a server that decodes again would act on.
 */
const UNSAFE_IN_SEGMENT = /[/\\%]|\p{Cc}/u;

type Target = { url: string } | { error: string; status: number };

/**
 * Maps a gateway path to the service URL, or says why it cannot. Only
 * configured services are ever reached: every path segment is judged as the
 * server will read it (decoded once), so no encoding of `..` climbs out of
 * the service's base.
 */
export function resolveTarget(path: string, map: FhirServiceMap): Target {
  const notGateway = { error: 'Not a FHIR gateway path.', status: 404 };
  // A raw `#` never belongs in a request's path or query (a browser strips the fragment); the
  // URL parser would cut there, after resolving a `..` before it.
  if (!path.startsWith(`${GATEWAY_PATH}/`) || path.length > 8192 || path.includes('#'))
    return notGateway;
  const [pathPart, query] = splitOnce(path.slice(GATEWAY_PATH.length + 1), '?');
  const segments = pathPart.split('/');
  const decoded = segments.map(decodeSegment);
  if (decoded.includes(null)) return notGateway;
  const first = decoded[0] ?? '';
  let service: string | undefined;
  let rest: string[];
  if (SERVICE_SEGMENT.test(first) && Object.hasOwn(map.services, first)) {
    service = first;
    rest = segments.slice(1);
  } else if (TYPE_SEGMENT.test(first)) {
    service = ownValue(map.typeRouting, first);
    rest = segments;
  } else if (OPERATION_SEGMENT.test(first)) {
    service = ownValue(map.operationRouting, first.slice(1));
    rest = segments;
  } else {
    return { error: `Unknown FHIR service or resource type: ${first.slice(0, 60)}`, status: 404 };
  }
  const base = service === undefined ? undefined : ownValue(map.services, service);
  if (!base)
    return { error: `No FHIR service is configured for ${first.slice(0, 60)}.`, status: 404 };
  // The raw segments go on: each decodes to the safe value judged above.
  return { url: `${base}/${rest.join('/')}${query === undefined ? '' : `?${query}`}` };
}

/** A segment as the server will read it, or null when it is malformed or could move the path. */
function decodeSegment(segment: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return null;
  }
  if (decoded === '.' || decoded === '..' || UNSAFE_IN_SEGMENT.test(decoded)) return null;
  return decoded;
}

/** Own entries only: a name like `constructor` must not find Object.prototype's. */
function ownValue(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const index = value.indexOf(separator);
  return index === -1 ? [value, undefined] : [value.slice(0, index), value.slice(index + 1)];
}
