import type { Kysely, Transaction } from 'kysely';
import type { VolumeConfig } from '../../common/config/schema.js';
import type { BlockStorageSchema } from '../db/schema.js';

export type BlockStorageDb = Kysely<BlockStorageSchema> | Transaction<BlockStorageSchema>;

/** The resources of every project (Cinder's VolumeTypeQuotaEngine globals and GroupQuotaEngine). */
export const PROJECT_RESOURCES = [
  'volumes',
  'per_volume_gigabytes',
  'snapshots',
  'gigabytes',
  'backups',
  'backup_gigabytes',
  'groups',
] as const;

/** The resources each volume type has of its own: `volumes_<type>`, `gigabytes_<type>`, `snapshots_<type>`. */
export const TYPE_RESOURCE_PARTS = ['volumes', 'gigabytes', 'snapshots'] as const;
export type TypeResourcePart = (typeof TYPE_RESOURCE_PARTS)[number];

export function typeResource(part: TypeResourcePart, typeName: string): string {
  return `${part}_${typeName}`;
}

/**
 * Every quota resource as Cinder lists it: the globals, then three per volume type (public or
 * not), which come and go with the types.
 */
export async function quotaResources(db: BlockStorageDb): Promise<string[]> {
  const types = await db.selectFrom('volume_types').select('name').orderBy('name').execute();
  return [
    ...PROJECT_RESOURCES,
    ...types.flatMap((type) => TYPE_RESOURCE_PARTS.map((part) => typeResource(part, type.name))),
  ];
}

/** The configured default (`quota_<resource>`); per-type resources are unlimited unless set. */
export function configuredDefault(settings: VolumeConfig, resource: string): number {
  return settings.quota[resource] ?? -1;
}
