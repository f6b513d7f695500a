import type { Kysely, Updateable } from 'kysely';
import type { ComputeSchema, MigrationTable } from '../db/schema.js';
import type { MigrationRow } from './guest-spec.js';

/** A migration record the agent was told to work on is gone. */
export class MigrationNotFound extends Error {
  constructor(readonly migrationUuid: string) {
    super(`Migration ${migrationUuid} could not be found.`);
    this.name = 'MigrationNotFound';
  }
}

/** The migration records as the agents move them along (Nova's Migration object save). */
export class MigrationRepo {
  constructor(
    private readonly db: Kysely<ComputeSchema>,
    private readonly now: () => Date,
  ) {}

  async get(uuid: string): Promise<MigrationRow> {
    const row = await this.db
      .selectFrom('migrations')
      .selectAll()
      .where('uuid', '=', uuid)
      .executeTakeFirst();
    if (!row) throw new MigrationNotFound(uuid);
    return row;
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
  async findEvacuation(instanceUuid: string): Promise<MigrationRow | undefined> {
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
