import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import { RpcClient } from '../../common/bus/index.js';
import type { BlockStorageDeps } from '../deps.js';
import { authorize } from '../policies/index.js';
import { SCHEDULER_STATS_POLICY } from '../policies/scheduler-stats.js';
import type { SchedulerMethods } from '../rpc/volume-api.js';
import { SCHEDULER_TOPIC } from '../rpc/topics.js';
import { satisfiesExtraSpecs } from '../scheduler/extra-spec-match.js';
import { filterPools } from '../scheduler/pool-filters.js';
import { findVolumeType } from '../volumes/volume-type-lookup.js';
import { poolListResponse } from './scheduler-stats-schemas.js';
import { projectParams } from './volume-schemas.js';
import { poolView } from './views/pools.js';

/** The scheduler waits up to 5 s for each backend's report; this leaves it room. */
const POOLS_TIMEOUT_MS = 15_000;

/** The filters from 3.31 on (Cinder's resource_filters.json for `pool`). */
const POOL_FILTERS = ['name', 'volume_type'];

/** The texts `strutils.is_valid_boolstr` takes. */
const BOOLEAN_WORDS = ['1', '0', 't', 'f', 'true', 'false', 'on', 'off', 'y', 'n', 'yes', 'no'];

/** The query's parameters, the last value of a repeated one (as WebOb's MultiDict reads it). */
function queryValues(request: FastifyRequest): Record<string, string> {
  const query = request.query as Record<string, string | string[]>;
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [key, String(Array.isArray(value) ? value.at(-1) : value)]),
  );
}

/** Cinder's `utils.get_bool_param`: absent is false, a word that is no boolean a 400. */
function booleanParam(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const word = value.trim().toLowerCase();
  if (!BOOLEAN_WORDS.includes(word)) throw new BadRequest(`Value '${value}' for '${name}' is not a boolean.`);
  return ['1', 't', 'true', 'on', 'y', 'yes'].includes(word);
}

/**
 * The filters a request may use at its microversion: none before 3.28; then any capability and
 * `name`; from 3.31 only `name` and `volume_type` (others are a 400, `all_tenants` is dropped);
 * `volume_type` from 3.35: the pools whose capabilities satisfy its extra specs, as the scheduler asks.
 */
function allowedFilters(request: FastifyRequest, given: Record<string, string>): Record<string, string> {
  const microversion = request.microversion;
  if (microversion.below('3.28')) return {};
  const filters = { ...given };
  if (microversion.atLeast('3.31')) {
    delete filters.all_tenants;
    const invalid = Object.keys(filters).filter((key) => !POOL_FILTERS.includes(key));
    if (invalid.length > 0)
      throw new BadRequest(`Invalid filters ${invalid.join(',')} are found in query options.`);
  }
  if (microversion.below('3.35')) delete filters.volume_type;
  return filters;
}

/** The extra specs of a volume type, by name or id: what the pools must satisfy to take its volumes. */
async function typeSpecs(
  deps: BlockStorageDeps,
  request: FastifyRequest,
  identity: string,
): Promise<Record<string, string>> {
  const viewer = { isAdmin: true, projectId: request.context.projectId };
  const type = await findVolumeType(deps.db, viewer, identity);
  const specs = await deps.db
    .selectFrom('volume_type_extra_specs')
    .select(['key', 'value'])
    .where('owner_id', '=', type.id)
    .execute();
  return Object.fromEntries(specs.map((spec) => [spec.key, spec.value]));
}

/**
 * `GET /scheduler-stats/get_pools` (admins): the pools the scheduler can place volumes on, from
 * the reports of the volume services that are enabled and up; `?detail=true` adds what each
 * backend reported (capacity, vendor, protocol...).
 */
export function schedulerStatsRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const scheduler = new RpcClient<SchedulerMethods>(deps.bus, SCHEDULER_TOPIC);
  app.get(
    '/scheduler-stats/get_pools',
    { schema: { params: projectParams, response: { 200: poolListResponse } } },
    async (request) => {
      authorize(
        deps.policy,
        SCHEDULER_STATS_POLICY.getPools,
        { project_id: request.context.projectId },
        request.context,
      );
      const { detail, ...given } = queryValues(request);
      const withDetail = booleanParam('detail', detail);
      const { volume_type: volumeType, ...filters } = allowedFilters(request, given);
      const specs = volumeType === undefined ? {} : await typeSpecs(deps, request, volumeType);
      const reports = await scheduler.call('get_pools', {}, { timeoutMs: POOLS_TIMEOUT_MS });
      const now = deps.now();
      const pools = filterPools(
        reports.map((report) => poolView(report, now)),
        filters,
      ).filter((pool) => satisfiesExtraSpecs(pool.capabilities, specs));
      return { pools: withDetail ? pools : pools.map(({ name }) => ({ name })) };
    },
  );
}
