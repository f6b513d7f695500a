import type { FastifyRequest } from 'fastify';
import type { ComputeDeps } from '../deps.js';
import type { InstanceRow } from '../instances/instance-repo.js';
import { callerIsAdmin } from '../instances/lookup.js';
import { loadServerDetails } from '../instances/server-details.js';
import { defaultTarget } from '../policies.js';
import {
  SERVER_ALL_ATTRIBUTES_ON_UPDATE,
  serverDetail,
  serverStatus,
  type DetailOptions,
} from './views/servers.js';

const POLICY = (action: string) => `os_compute_api:servers:${action}`;
const EXTENDED_ATTRIBUTES = 'os_compute_api:os-extended-server-attributes';

export interface DetailRequest {
  /** One server (show, update): policies are checked against its project; else the caller's. */
  single: boolean;
  /** PUT before 2.75 shows a reduced view. */
  full: boolean;
  showServerGroups: boolean;
}

/**
 * Detailed views of servers for a request: the policy-dependent parts decided once, what the
 * views need besides the rows read with one query per kind, then each server's view.
 */
export async function detailedServers(
  deps: ComputeDeps,
  request: FastifyRequest,
  rows: InstanceRow[],
  wanted: DetailRequest,
): Promise<Record<string, unknown>[]> {
  const { context, microversion: version } = request;
  const can = (rule: string, row?: InstanceRow) =>
    deps.policy.check(
      rule,
      wanted.single && row ? { project_id: row.project_id } : defaultTarget(context),
      context,
    );
  const first = rows[0];
  const hostStatus = !version.atLeast('2.16')
    ? null
    : can(POLICY('show:host_status'), first)
      ? ('all' as const)
      : can(POLICY('show:host_status:unknown-only'), first)
        ? ('unknown-only' as const)
        : null;
  const full = wanted.full;
  const options: DetailOptions = {
    version,
    baseUrl: deps.baseUrl,
    isAdmin: callerIsAdmin(deps, request),
    showExtraSpecs: version.atLeast('2.47') && can(POLICY('show:flavor-extra-specs'), first),
    showExtendedAttributes: full && can(EXTENDED_ATTRIBUTES, first),
    hostStatus: full ? hostStatus : null,
    showServerGroups: wanted.showServerGroups,
    full,
  };
  const details = await loadServerDetails(
    deps.db,
    rows,
    {
      tags: version.atLeast('2.26'),
      faultsOf: rows.filter((row) => ['ERROR', 'DELETED'].includes(serverStatus(row))).map((row) => row.uuid),
      volumes: full,
      hostStatus: options.hostStatus !== null,
      zones: full,
      serverGroups: wanted.showServerGroups,
    },
    deps.now(),
  );
  return rows.map((row) => serverDetail(row, details, options));
}

/** Whether a PUT at this microversion answers with every attribute, as GET does (2.75). */
export const updateShowsAll = (request: FastifyRequest) =>
  request.microversion.atLeast(SERVER_ALL_ATTRIBUTES_ON_UPDATE);
