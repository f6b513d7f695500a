import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { ComputeSchema, MigrationTable } from '../db/schema.js';

export type MigrationRow = Selectable<MigrationTable>;
export type MigrationType = 'resize' | 'migration' | 'live-migration' | 'evacuation';

/** A migration record an agent was told to work on is gone. */
export class MigrationNotFound extends Error {
  constructor(readonly migrationUuid: string) {
    super(`Migration ${migrationUuid} could not be found.`);
    this.name = 'MigrationNotFound';
  }
}

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

/**
 * The migration records (Nova's Migration object): the API and the conductor create them, the
 * conductor and the agents move them along.
 */
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

  /** The migration, or MigrationNotFound. */
  async get(uuid: string): Promise<MigrationRow> {
    const row = await this.find(uuid);
    if (!row) throw new MigrationNotFound(uuid);
    return row;
  }

  /**
   * The instance's newest migration in a status, of any type or of `type`
   * (`Migration.get_by_instance_and_status`, `MigrationList.get_by_filters`).
   */
  findInStatus(
    instanceUuid: string,
    status: string,
    type?: MigrationType,
  ): Promise<MigrationRow | undefined> {
    let query = this.db
      .selectFrom('migrations')
      .selectAll()
      .where('instance_uuid', '=', instanceUuid)
      .where('status', '=', status);
    if (type) query = query.where('migration_type', '=', type);
    return query.orderBy('id', 'desc').executeTakeFirst();
  }

  async update(uuid: string, changes: Omit<Updateable<MigrationTable>, 'id' | 'uuid'>): Promise<void> {
    await this.db
      .updateTable('migrations')
      .set({ ...changes, updated_at: this.now().toISOString() })
      .where('uuid', '=', uuid)
      .execute();
  }

  setStatus(uuid: string, status: string): Promise<void> {
    return this.update(uuid, { status });
  }

  /** The newest evacuation of the instance still under way (Nova's 'accepted' / 'pre-migrating'). */
  findEvacuation(instanceUuid: string): Promise<MigrationRow | undefined> {
    return this.db
      .selectFrom('migrations')
      .selectAll()
      .where('instance_uuid', '=', instanceUuid)
      .where('migration_type', '=', 'evacuation')
      .where('status', 'in', ['accepted', 'pre-migrating'])
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  /** Evacuations away from `host` that succeeded elsewhere and still wait for this host's cleanup. */
  evacuatedFrom(host: string): Promise<MigrationRow[]> {
    return this.db
      .selectFrom('migrations')
      .selectAll()
      .where('source_compute', '=', host)
      .where('migration_type', '=', 'evacuation')
      .where('status', 'in', ['accepted', 'pre-migrating', 'done'])
      .orderBy('id')
      .execute();
  }
}
