import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BlockStorageDeps } from '../deps.js';
import { LIMIT_POLICY } from '../policies/limits.js';
import { projectQuotaSet, type QuotaUsageDetail } from '../quotas/quota-sets.js';
import { callerIsAdmin } from '../volumes/volume-lookup.js';
import { limitsResponse } from './limits-schemas.js';
import { projectParams } from './volume-schemas.js';

/** The absolute limits by resource, as Cinder's limits view names them. */
const MAX_NAMES: Record<string, string> = {
  gigabytes: 'maxTotalVolumeGigabytes',
  backup_gigabytes: 'maxTotalBackupGigabytes',
  volumes: 'maxTotalVolumes',
  snapshots: 'maxTotalSnapshots',
  backups: 'maxTotalBackups',
};

/** What the os-used-limits extension adds, by resource. */
const USED_NAMES: Record<string, string> = {
  volumes: 'totalVolumesUsed',
  gigabytes: 'totalGigabytesUsed',
  snapshots: 'totalSnapshotsUsed',
  backups: 'totalBackupsUsed',
  backup_gigabytes: 'totalBackupGigabytesUsed',
};

/** From 3.39 an admin may ask for another project's limits with `project_id` (or the older `tenant_id`). */
function projectOf(deps: BlockStorageDeps, request: FastifyRequest): string {
  const caller = request.context.projectId ?? '';
  if (request.microversion.below('3.39') || !callerIsAdmin(deps, request.context)) return caller;
  const query = request.query as Record<string, unknown>;
  const first = (value: unknown) =>
    Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
  return first(query.project_id) ?? first(query.tenant_id) ?? caller;
}

/**
 * `GET /limits`: the project's absolute limits (its quotas) and, when `limits_extension:used_limits`
 * allows, what it uses of them; no rate limits, as Cinder without a rate limiting middleware.
 */
export function limitRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  app.get(
    '/limits',
    { schema: { params: projectParams, response: { 200: limitsResponse } } },
    async (request) => {
      const projectId = projectOf(deps, request);
      const quotas = (await projectQuotaSet(deps.db, deps.settings, projectId, true)) as Record<
        string,
        QuotaUsageDetail
      >;
      const absolute: Record<string, number> = {};
      for (const [resource, name] of Object.entries(MAX_NAMES)) absolute[name] = quotas[resource]!.limit;
      const context = request.context;
      if (deps.policy.check(LIMIT_POLICY.usedLimits, { project_id: context.projectId }, context)) {
        for (const [resource, name] of Object.entries(USED_NAMES)) absolute[name] = quotas[resource]!.in_use;
      }
      return { limits: { rate: [], absolute } };
    },
  );
}
