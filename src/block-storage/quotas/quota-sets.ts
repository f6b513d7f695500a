import type { Kysely } from 'kysely';
import type { VolumeConfig } from '../../common/config/schema.js';
import { BadRequest } from '../../common/http/errors.js';
import type { BlockStorageSchema } from '../db/schema.js';
import { InvalidInput } from '../errors.js';
import { classLimits, defaultLimits, projectLimits, projectOwnLimits } from './quota-limits.js';
import { quotaResources, type BlockStorageDb } from './quota-resources.js';
import { projectUsage } from './quota-usage.js';

/** Cinder's `db.MAX_INT`, the largest limit. */
const MAX_INT = 0x7fffffff;

/** Keys a quota set body may carry that are not resources (Cinder's NON_QUOTA_KEYS). */
const NON_QUOTA_KEYS = ['tenant_id', 'id'];

export interface QuotaUsageDetail {
  limit: number;
  in_use: number;
  reserved: number;
}

/** A project's limits by resource, or with `usage` each with what is in use (nothing is ever reserved here). */
export async function projectQuotaSet(
  db: BlockStorageDb,
  settings: VolumeConfig,
  projectId: string,
  usage: boolean,
): Promise<Record<string, number | QuotaUsageDetail>> {
  const resources = await quotaResources(db);
  const limits = await projectLimits(db, settings, projectId, resources);
  if (!usage) return limits;
  const used = await projectUsage(db, projectId);
  return Object.fromEntries(
    resources.map((resource) => [
      resource,
      { limit: limits[resource]!, in_use: used[resource] ?? 0, reserved: 0 },
    ]),
  );
}

export async function defaultQuotaSet(
  db: BlockStorageDb,
  settings: VolumeConfig,
): Promise<Record<string, number>> {
  return defaultLimits(db, settings, await quotaResources(db));
}

export async function classQuotaSet(
  db: BlockStorageDb,
  settings: VolumeConfig,
  className: string,
): Promise<Record<string, number>> {
  return classLimits(db, settings, className, await quotaResources(db));
}

/** `strutils.validate_integer(value, name, -1, MAX_INT)`: an int or the text of one. */
function quotaLimit(resource: string, value: unknown): number {
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  if (!/^[+-]?\d+$/.test(text)) throw new BadRequest(`${resource} must be an integer`);
  const limit = Number(text);
  if (limit < -1) throw new BadRequest(`${resource} must be >= -1`);
  if (limit > MAX_INT) throw new BadRequest(`${resource} must be <= ${MAX_INT}`);
  return limit;
}

/** Cinder's `utils.check_string_length` of an id in the URL. */
export function checkNameLength(value: string, name: string): void {
  const length = [...value].length;
  if (length > 255) throw new InvalidInput(`${name} has ${length} characters, more than 255.`);
}

/**
 * Sets a project's limits (`PUT /os-quota-sets/{project_id}`): every key must be a resource and
 * every value an integer from -1; a new limit may not be below what the project uses of a
 * resource it already had a limit of its own for (Cinder checks only those). All or nothing.
 */
export async function updateProjectQuotas(
  db: Kysely<BlockStorageSchema>,
  projectId: string,
  body: Record<string, unknown>,
): Promise<void> {
  const resources = new Set(await quotaResources(db));
  const limits = new Map<string, number>();
  const badKeys: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (NON_QUOTA_KEYS.includes(key)) continue;
    if (!resources.has(key)) {
      badKeys.push(key);
      continue;
    }
    limits.set(key, quotaLimit(key, value));
  }
  if (badKeys.length > 0) throw new InvalidInput(`Bad key(s) in quota set: ${badKeys.join(', ')}`);
  const own = await projectOwnLimits(db, projectId);
  const used = await projectUsage(db, projectId);
  for (const [key, limit] of limits) {
    if (key === 'per_volume_gigabytes' || limit === -1 || !(key in own)) continue;
    const usage = used[key] ?? 0;
    if (limit < usage) {
      throw new BadRequest(
        `Quota ${key} limit must be equal or greater than existing resources. ` +
          `Current usage is ${usage} and the requested limit is ${limit}.`,
      );
    }
  }
  await writeLimits(db, { project_id: projectId }, limits);
}

/** Sets a quota class's limits (`PUT /os-quota-class-sets/{class}`); the body was checked by its schema. */
export async function updateClassQuotas(
  db: Kysely<BlockStorageSchema>,
  className: string,
  body: Record<string, number | string>,
): Promise<void> {
  const resources = new Set(await quotaResources(db));
  const badKeys = Object.keys(body).filter((key) => !resources.has(key));
  if (badKeys.length > 0) throw new InvalidInput(`Bad key(s) in quota class set: ${badKeys.join(', ')}`);
  const limits = new Map(Object.entries(body).map(([key, value]) => [key, Number(value)]));
  await writeLimits(db, { class_name: className }, limits);
}

/** Replaces limits of a project (`quotas`) or of a quota class (`quota_classes`) in one transaction. */
async function writeLimits(
  db: Kysely<BlockStorageSchema>,
  owner: { project_id: string } | { class_name: string },
  limits: Map<string, number>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [resource, limit] of limits) {
      if ('project_id' in owner) {
        await trx
          .deleteFrom('quotas')
          .where('project_id', '=', owner.project_id)
          .where('resource', '=', resource)
          .execute();
        await trx
          .insertInto('quotas')
          .values({ ...owner, resource, hard_limit: limit })
          .execute();
      } else {
        await trx
          .deleteFrom('quota_classes')
          .where('class_name', '=', owner.class_name)
          .where('resource', '=', resource)
          .execute();
        await trx
          .insertInto('quota_classes')
          .values({ ...owner, resource, hard_limit: limit })
          .execute();
      }
    }
  });
}

/** `DELETE /os-quota-sets/{project_id}`: the project is back to the defaults. */
export async function deleteProjectQuotas(db: BlockStorageDb, projectId: string): Promise<void> {
  await db.deleteFrom('quotas').where('project_id', '=', projectId).execute();
}
