import type { VolumeConfig } from '../../common/config/schema.js';
import { configuredDefault, type BlockStorageDb } from './quota-resources.js';

/** The quota class whose limits stand in for the configured defaults (`use_default_quota_class`). */
export const DEFAULT_QUOTA_CLASS = 'default';

type Limits = Record<string, number>;

async function classRows(db: BlockStorageDb, className: string): Promise<Limits> {
  const rows = await db
    .selectFrom('quota_classes')
    .select(['resource', 'hard_limit'])
    .where('class_name', '=', className)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.resource, row.hard_limit]));
}

/** What a project's limits are unless set: the default class's, else the configured ones. */
export async function defaultLimits(
  db: BlockStorageDb,
  settings: VolumeConfig,
  resources: string[],
): Promise<Limits> {
  const defaults = await classRows(db, DEFAULT_QUOTA_CLASS);
  return Object.fromEntries(
    resources.map((resource) => [resource, defaults[resource] ?? configuredDefault(settings, resource)]),
  );
}

/** A quota class's limits, each falling back to the defaults (`get_class_quotas`). */
export async function classLimits(
  db: BlockStorageDb,
  settings: VolumeConfig,
  className: string,
  resources: string[],
): Promise<Limits> {
  const own = await classRows(db, className);
  const defaults = await defaultLimits(db, settings, resources);
  return Object.fromEntries(resources.map((resource) => [resource, own[resource] ?? defaults[resource]!]));
}

/** The limits an admin set for a project, without defaults. */
export async function projectOwnLimits(db: BlockStorageDb, projectId: string): Promise<Limits> {
  const rows = await db
    .selectFrom('quotas')
    .select(['resource', 'hard_limit'])
    .where('project_id', '=', projectId)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.resource, row.hard_limit]));
}

/** A project's limits: its own where set, the defaults elsewhere; -1 is unlimited. */
export async function projectLimits(
  db: BlockStorageDb,
  settings: VolumeConfig,
  projectId: string,
  resources: string[],
): Promise<Limits> {
  const own = await projectOwnLimits(db, projectId);
  const defaults = await defaultLimits(db, settings, resources);
  return Object.fromEntries(resources.map((resource) => [resource, own[resource] ?? defaults[resource]!]));
}
