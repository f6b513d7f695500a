import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import type { InstanceRow } from '../instances/instance-repo.js';
import { authorize, defaultTarget } from '../policies.js';
import { queryLists, validateQuery } from './schemas/servers-validation.js';
import {
  usageListResponse,
  usageQueryShape,
  usageQuerySchema,
  usageShowResponse,
  usageTenantParams,
} from './schemas/simple-tenant-usage.js';
import { collectionLinks } from './views/links.js';
import { tenantUsages } from './views/simple-tenant-usage.js';

const POLICY = (action: string) => `os_compute_api:os-simple-tenant-usage:${action}`;
const PAGING = '2.40';

// Python's strptime pieces of `%Y-%m-%dT%H:%M:%S[.%f]` and `%Y-%m-%d %H:%M:%S.%f`.
const DATE = '(\\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])';
const TIME = '(2[0-3]|[01]\\d|\\d):([0-5]\\d|\\d):(6[01]|[0-5]\\d|\\d)';
const USAGE_TIME_FORMATS = [
  new RegExp(`^${DATE}T${TIME}()$`, 'i'),
  new RegExp(`^${DATE}T${TIME}\\.(\\d{1,6})$`, 'i'),
  new RegExp(`^${DATE}\\s+${TIME}\\.(\\d{1,6})$`, 'i'),
];

/**
 * `_parse_datetime`: one of Nova's three formats, taken as UTC; none given is now. A date that
 * matches but does not exist (February 30th, second 60) fails as Python's datetime does.
 */
export function parseUsageTime(text: string | undefined, now: Date): Date {
  if (!text) return now;
  for (const format of USAGE_TIME_FORMATS) {
    const match = format.exec(text);
    if (!match) continue;
    const [, y, mo, d, h, mi, s, fraction] = match;
    const ms = fraction ? Number(fraction.padEnd(6, '0').slice(0, 3)) : 0;
    const date = new Date(
      Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms),
    );
    if (date.getUTCDate() === Number(d) && date.getUTCSeconds() === Number(s)) return date;
  }
  throw new BadRequest('Invalid datetime string: Datetime is in invalid format');
}

interface Period {
  start: Date;
  stop: Date;
  detailed: boolean;
}

/** `_get_datetime_range`: the first `start`/`end`/`detailed` of the query; the end is never after now. */
function periodOf(query: Record<string, string[]>, now: Date): Period {
  const start = parseUsageTime(query.start?.[0], now);
  // Nova reads the clock twice when neither is given, so such a period is not empty.
  let stop = parseUsageTime(query.end?.[0], now);
  if (!query.start?.[0] && !query.end?.[0]) stop = new Date(now.getTime() + 1);
  if (!(start < stop)) {
    throw new BadRequest('Invalid start time. The start time cannot occur after the end time.');
  }
  return { start, stop: stop > now ? now : stop, detailed: query.detailed?.[0] === '1' };
}

/**
 * `instance_get_active_by_window_joined`: servers (deleted ones included) launched before the
 * period's end and not terminated before its start, by project and uuid, after the marker.
 */
async function serversActiveIn(
  deps: ComputeDeps,
  period: Period,
  projectId: string | undefined,
  page: { limit: number; marker: string | undefined },
): Promise<InstanceRow[]> {
  let query = deps.db
    .selectFrom('instances')
    .selectAll()
    .where((eb) =>
      eb.or([eb('terminated_at', 'is', null), eb('terminated_at', '>', period.start.toISOString())]),
    )
    .where('launched_at', '<', period.stop.toISOString());
  if (projectId !== undefined) query = query.where('project_id', '=', projectId);
  if (page.marker !== undefined) {
    const marker = await deps.db
      .selectFrom('instances')
      .select(['project_id', 'uuid'])
      .where('uuid', '=', page.marker)
      .executeTakeFirst();
    if (!marker) throw new BadRequest(`Marker ${page.marker} could not be found.`);
    query = query.where((eb) =>
      eb.or([
        eb('project_id', '>', marker.project_id),
        eb.and([eb('project_id', '=', marker.project_id), eb('uuid', '>', marker.uuid)]),
      ]),
    );
  }
  return query.orderBy('project_id').orderBy('uuid').limit(page.limit).execute();
}

/** The usage query of the request's microversion, checked, with its page. */
function usageRequest(deps: ComputeDeps, request: FastifyRequest, withDetailed: boolean) {
  const version = request.microversion;
  const paging = version.atLeast(PAGING);
  const query = queryLists(request.query);
  validateQuery(usageQuerySchema(withDetailed, paging, version.atLeast('2.75')), query);
  const max = deps.settings.maxLimit;
  const limit = paging && query.limit ? Math.min(max, Number(query.limit.at(-1))) : max;
  const marker = paging ? query.marker?.at(-1) : undefined;
  return { query, paging, page: { limit, marker } };
}

/** `/os-simple-tenant-usage`: hours of servers and their resources per project over a period. */
export function simpleTenantUsageRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  app.get(
    '/os-simple-tenant-usage',
    { schema: { querystring: usageQueryShape, response: { 200: usageListResponse } } },
    async (request) => {
      // Nova routes `/os-simple-tenant-usage/{tenant_id}` and no trailing slash: an empty tenant
      // id reaches no route (404) instead of the list.
      if (request.url.split('?')[0].endsWith('/')) throw new NotFound('The resource could not be found.');
      authorize(deps.policy, POLICY('list'), defaultTarget(request.context), request.context);
      const { query, paging, page } = usageRequest(deps, request, true);
      const now = deps.now();
      const period = periodOf(query, now);
      const rows = page.limit === 0 ? [] : await serversActiveIn(deps, period, undefined, page);
      const { usages, servers } = tenantUsages(rows, { ...period, now }, period.detailed);
      const links = paging
        ? collectionLinks(
            deps.baseUrl,
            'os-simple-tenant-usage',
            request.url,
            servers.length,
            page.limit,
            servers.at(-1)?.instance_id,
          )
        : [];
      return { tenant_usages: usages, ...(links.length > 0 ? { tenant_usages_links: links } : {}) };
    },
  );

  app.get<{ Params: { tenant_id: string } }>(
    '/os-simple-tenant-usage/:tenant_id',
    {
      schema: {
        params: usageTenantParams,
        querystring: usageQueryShape,
        response: { 200: usageShowResponse },
      },
    },
    async (request) => {
      const tenantId = request.params.tenant_id;
      authorize(deps.policy, POLICY('show'), { project_id: tenantId }, request.context);
      const { query, paging, page } = usageRequest(deps, request, false);
      const now = deps.now();
      const period = periodOf(query, now);
      const rows = page.limit === 0 ? [] : await serversActiveIn(deps, period, tenantId, page);
      const { usages, servers } = tenantUsages(rows, { ...period, now }, true);
      const links = paging
        ? collectionLinks(
            deps.baseUrl,
            `os-simple-tenant-usage/${tenantId}`,
            request.url,
            servers.length,
            page.limit,
            servers.at(-1)?.instance_id,
          )
        : [];
      return { tenant_usage: usages[0] ?? {}, ...(links.length > 0 ? { tenant_usage_links: links } : {}) };
    },
  );
}
