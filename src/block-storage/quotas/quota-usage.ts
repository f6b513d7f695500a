import { typeResource, type BlockStorageDb } from './quota-resources.js';

/** In-use counts by resource name; a resource with nothing in use is absent. */
export type QuotaUsage = Record<string, number>;

function add(usage: QuotaUsage, resource: string, amount: number): void {
  usage[resource] = (usage[resource] ?? 0) + amount;
}

/**
 * What a project holds, counted from its rows as Cinder's quota sync functions count them:
 * volumes and their sizes, snapshots (whose volume size counts toward `gigabytes` too, Cinder's
 * `no_snapshot_gb_quota = False`), backups and their sizes; the volume and snapshot counts also
 * per volume type. Every row counts, whatever its status, until it is deleted.
 */
export async function projectUsage(db: BlockStorageDb, projectId: string): Promise<QuotaUsage> {
  const typeNames = new Map(
    (await db.selectFrom('volume_types').select(['id', 'name']).execute()).map((type) => [
      type.id,
      type.name,
    ]),
  );
  const usage: QuotaUsage = {};
  const count = (part: 'volumes' | 'snapshots', typeId: string | null, number: number, size: number) => {
    add(usage, part, number);
    add(usage, 'gigabytes', size);
    const typeName = typeId === null ? undefined : typeNames.get(typeId);
    if (typeName === undefined) return;
    add(usage, typeResource(part, typeName), number);
    add(usage, typeResource('gigabytes', typeName), size);
  };
  const volumes = await db
    .selectFrom('volumes')
    .select(['volume_type_id', (eb) => eb.fn.countAll<number | string>().as('number')])
    .select((eb) => eb.fn.sum<number | string | null>('size').as('size'))
    .where('project_id', '=', projectId)
    .groupBy('volume_type_id')
    .execute();
  for (const row of volumes) count('volumes', row.volume_type_id, Number(row.number), Number(row.size ?? 0));
  const snapshots = await db
    .selectFrom('snapshots')
    .leftJoin('volumes', 'volumes.id', 'snapshots.volume_id')
    .select(['volumes.volume_type_id', (eb) => eb.fn.countAll<number | string>().as('number')])
    .select((eb) => eb.fn.sum<number | string | null>('snapshots.volume_size').as('size'))
    .where('snapshots.project_id', '=', projectId)
    .groupBy('volumes.volume_type_id')
    .execute();
  for (const row of snapshots)
    count('snapshots', row.volume_type_id, Number(row.number), Number(row.size ?? 0));
  const backups = await db
    .selectFrom('backups')
    .select([(eb) => eb.fn.countAll<number | string>().as('number')])
    .select((eb) => eb.fn.sum<number | string | null>('size').as('size'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  add(usage, 'backups', Number(backups.number));
  add(usage, 'backup_gigabytes', Number(backups.size ?? 0));
  return usage;
}
