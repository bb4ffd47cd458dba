import type { BackendContext } from '../backend-context.ts';
import type { RequestData } from '../fhir/request-data.ts';
import type { TypeRules } from '../capabilities/service-catalog.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';
import { jsonReply, type HttpReply } from '../fhir/replies.ts';
import type { StoredResource } from '../store/resource-store.ts';
import { executeEngineSearch, searchMatches, type MatchesOutcome } from './execute-search.ts';
import { resolveIncludes } from './includes.ts';
import { eagerMatches, type Matches } from './matches.ts';
import { pageUrl } from './paging.ts';
import { renderSearchBundle } from './search-bundle.ts';
import { parseSearch, type SearchQuery } from './search-query.ts';

/** Search-type (GET or POST `_search`) and the `_getpages` continuation. */

export function parseSearchFor(
  rules: TypeRules,
  params: readonly (readonly [string, string])[],
  context: BackendContext,
): SearchQuery {
  return parseSearch(params, {
    rules,
    toInternal: (reference) => context.wire.toInternal(reference),
  });
}

export interface QueryResult extends MatchesOutcome {
  /**
   * Server time taken just before the search ran: every write stamped later is
   * not in the matches' snapshot unless it was committed first, so it is a safe
   * `_lastUpdated` checkpoint (answers carry it as `Bundle.meta.lastUpdated`).
   */
  readonly mark: number;
}

/** Runs a parsed query to its ordered matches. */
export async function runQuery(query: SearchQuery, context: BackendContext): Promise<QueryResult> {
  const mark = context.clock.readMark();
  if (query.needsEngine) {
    const { ids, plan } = await executeEngineSearch(query.service, query.request, context);
    return { matches: eagerMatches(ids), plan, mark };
  }
  return { ...searchMatches(query.service, query.request, context), mark };
}

export async function searchType(
  rules: TypeRules,
  request: RequestData,
  params: readonly (readonly [string, string])[],
  context: BackendContext,
): Promise<HttpReply> {
  const query = parseSearchFor(rules, params, context);
  const { matches, mark } = await runQuery(query, context);
  return pageReply(query, { matches, mark }, 0, request.selfUrl, context);
}

/** `GET <service base>?_getpages=<token>&_getpagesoffset=<n>[&_count=<n>]`. */
export function nextPage(
  service: string,
  request: RequestData,
  context: BackendContext,
): HttpReply {
  const params = new Map(request.query);
  const token = params.get('_getpages');
  if (!token) {
    throw new FhirHttpError(
      400,
      'not-supported',
      'Searching across all types (search-system) is not supported; search a type.',
    );
  }
  const cursor = context.cursors.get(token);
  if (!cursor || cursor.query.service !== service) {
    throw new FhirHttpError(
      410,
      'not-found',
      `Search ${token} does not exist and may have expired.`,
    );
  }
  const offset = Number(params.get('_getpagesoffset') ?? '0');
  if (!Number.isInteger(offset) || offset < 0)
    throw new FhirHttpError(400, 'invalid', 'Invalid _getpagesoffset.');
  const countParam = params.get('_count');
  const count = countParam === undefined ? cursor.query.count : Math.min(Number(countParam), 1000);
  if (!Number.isInteger(count) || count < 0)
    throw new FhirHttpError(400, 'invalid', 'Invalid _count.');
  return pageReply({ ...cursor.query, count }, cursor, offset, request.selfUrl, context, token);
}

function pageReply(
  query: SearchQuery,
  snapshot: { readonly matches: Matches; readonly mark: number },
  offset: number,
  selfUrl: string,
  context: BackendContext,
  existingToken?: string,
): HttpReply {
  const { count } = query;
  const { matches } = snapshot;
  const pageIds = matches.slice(offset, offset + count);
  const page = pageIds.flatMap((id) => context.store.get(query.type, id) ?? []);
  const hasNext = count > 0 && matches.exceeds(offset + count);
  const hasPrevious = offset > 0;
  const token =
    existingToken ?? (hasNext ? context.cursors.create(query, matches, snapshot.mark) : undefined);
  const total = totalOf(query, matches);
  // No later page will read these matches: stop following writes.
  if (!token) matches.release();
  const base = context.wire.serviceBase(query.service);
  const included: StoredResource[] =
    query.summary === 'count' ? [] : resolveIncludes(query.service, query.request, page, context);
  // A page holding another team's citizen is refused whole (FUT's 403), never filtered quietly.
  context.access?.checkShown([...page, ...included]);
  const body = renderSearchBundle(
    {
      matches: page,
      included,
      total,
      links: {
        self: selfUrl,
        ...(hasNext && token ? { next: pageUrl(base, token, offset + count, count) } : {}),
        ...(hasPrevious && token
          ? { previous: pageUrl(base, token, Math.max(0, offset - count), count) }
          : {}),
      },
      lastUpdated: new Date(snapshot.mark).toISOString(),
      elements: query.elements,
      summary: query.summary,
    },
    context.wire,
  );
  return jsonReply(200, body);
}

/**
 * `Bundle.total`: counted when asked for (`_total=accurate`, `_summary=count`, `_count=0`);
 * otherwise (`_total=estimate` or not asked) given when every match has been
 * read anyway and left out while a lazily read search has more to read, as FUT's HAPI servers leave it out of
 * searches larger than they load at once (FHIR R4 search.html#total: optional).
 */
function totalOf(query: SearchQuery, matches: Matches): number | undefined {
  if (query.total === 'none') return undefined;
  // `_count=0` asks for the total alone, as `_summary=count` does.
  if (query.total === 'accurate' || query.summary === 'count' || query.count === 0)
    return matches.count();
  return matches.knownCount;
}
