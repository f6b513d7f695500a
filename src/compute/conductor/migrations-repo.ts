import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { ComputeSchema, MigrationTable } from '../db/schema.js';

export type MigrationRow = Selectable<MigrationTable>;
export type MigrationType = 'resize' | 'migration' | 'live-migration' | 'evacuation';

/** A migration record to create: the instance's move, from its host to (maybe) a named one. */
export interface NewMigration {
  instanceUuid: string;
  type: MigrationType;
  status: string;
  sourceCompute: string | null;
  sourceNode: string | null;
  destCompute?: string | null;
  /** The flavors' API ids (`flavorid`), old and new; equal for all but a resize. */
  oldFlavorId: string | null;
  newFlavorId: string | null;
  /** Who asked (Nova's Migration keeps its creator's user and project). */
  userId: string;
  projectId: string;
}

/** The migration records the conductor creates and moves along (Nova's Migration object). */
export class MigrationsRepo {
  constructor(
    private readonly db: Kysely<ComputeSchema>,
    private readonly now: () => Date,
  ) {}

  async create(migration: NewMigration): Promise<MigrationRow> {
    const uuid = randomUUID();
    await this.db
      .insertInto('migrations')
      .values({
        uuid,
        instance_uuid: migration.instanceUuid,
        migration_type: migration.type,
        status: migration.status,
        source_compute: migration.sourceCompute,
        source_node: migration.sourceNode,
        dest_compute: migration.destCompute ?? null,
        dest_node: null,
        dest_host: null,
        old_flavor_id: migration.oldFlavorId,
        new_flavor_id: migration.newFlavorId,
        user_id: migration.userId,
        project_id: migration.projectId,
        created_at: this.now().toISOString(),
        updated_at: null,
      })
      .execute();
    return (await this.find(uuid))!;
  }

  find(uuid: string): Promise<MigrationRow | undefined> {
    return this.db.selectFrom('migrations').selectAll().where('uuid', '=', uuid).executeTakeFirst();
  }

  /** The instance's newest migration of a type in a status (`MigrationList.get_by_filters`). */
  findInStatus(instanceUuid: string, type: MigrationType, status: string): Promise<MigrationRow | undefined> {
    return this.db
      .selectFrom('migrations')
      .selectAll()
      .where('instance_uuid', '=', instanceUuid)
      .where('migration_type', '=', type)
      .where('status', '=', status)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  async update(uuid: string, changes: Omit<Updateable<MigrationTable>, 'id' | 'uuid'>): Promise<void> {
    await this.db
      .updateTable('migrations')
      .set({ ...changes, updated_at: this.now().toISOString() })
      .where('uuid', '=', uuid)
      .execute();
  }
}
