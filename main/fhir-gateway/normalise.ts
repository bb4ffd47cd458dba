import { serviceOfUrl, type FhirServiceMap } from './service-map.ts';

/** Where the renderer reaches the gateway; same path in Electron (app://workbench/fhir) and the harness. */
export const GATEWAY_PATH = '/fhir';

const ABSOLUTE_REFERENCE =
  /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * `https://careplan.example/fhir/EpisodeOfCare/12` → `EpisodeOfCare/12` when
 * the URL is on a configured service; anything else is left as it is (a
 * reference to a foreign server is data, never followed).
 */
export function normaliseReference(reference: string, map: FhirServiceMap): string {
  const owner = serviceOfUrl(reference, map);
  if (!owner) return reference;
  const rest = reference.slice(owner.base.length + 1);
  return ABSOLUTE_REFERENCE.test(rest) ? rest : reference;
}

/**
 * A server link (`Bundle.link.url`) as a gateway URL the renderer can follow,
 * or null when it points anywhere but a configured service: a link to
 * another host is never made followable, so no token can leave for it.
 */
export function gatewayLink(url: string, map: FhirServiceMap): string | null {
  const owner = serviceOfUrl(url, map);
  if (!owner) return null;
  return `${GATEWAY_PATH}/${owner.service}${url.slice(owner.base.length)}`;
}

export interface NormaliseReport {
  /** Links that pointed off the configured services and were removed. */
  readonly refusedLinks: string[];
}

/**
 * Rewrites a FHIR JSON body in place for the renderer: references on
 * configured services become relative, Bundle links become gateway URLs
 * (or are dropped), entry fullUrls become relative.
 */
export function normaliseBody(body: unknown, map: FhirServiceMap): NormaliseReport {
  const report: NormaliseReport = { refusedLinks: [] };
  walk(body, map, report, 0);
  return report;
}

const MAX_DEPTH = 200;

function walk(node: unknown, map: FhirServiceMap, report: NormaliseReport, depth: number): void {
  if (depth > MAX_DEPTH || typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) walk(item, map, report, depth + 1);
    return;
  }
  const record = node as Record<string, unknown>;
  if (record.resourceType === 'Bundle' && Array.isArray(record.link)) {
    record.link = record.link.filter((link: unknown) => {
      if (typeof link !== 'object' || link === null) return false;
      const entry = link as Record<string, unknown>;
      if (typeof entry.url !== 'string') return false;
      const rewritten = gatewayLink(entry.url, map);
      if (rewritten === null) {
        report.refusedLinks.push(entry.url);
        return false;
      }
      entry.url = rewritten;
      return true;
    });
  }
  for (const [key, value] of Object.entries(record)) {
    if ((key === 'reference' || key === 'fullUrl') && typeof value === 'string') {
      record[key] = normaliseReference(value, map);
    } else if (typeof value === 'object') {
      walk(value, map, report, depth + 1);
    }
  }
}
