import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Conflict, NotFound } from '../../common/http/errors.js';
import type { ComputeSchema } from '../db/schema.js';

/** The metadata key that makes an aggregate an availability zone. */
export const AZ_KEY = 'availability_zone';

/** An aggregate with its hosts (in the order they joined) and metadata, as Nova's object. */
export interface Aggregate {
  id: number;
  uuid: string;
  name: string;
  created_at: string;
  updated_at: string | null;
  hosts: string[];
  metadata: Record<string, string>;
}

/** Storage of aggregates, their hosts and metadata; the rules live in AggregateApi. */
export class AggregatesRepo {
  constructor(private readonly db: Kysely<ComputeSchema>) {}

  async list(): Promise<Aggregate[]> {
    const rows = await this.db.selectFrom('aggregates').selectAll().orderBy('id').execute();
    const hosts = await this.db.selectFrom('aggregate_hosts').selectAll().orderBy('id').execute();
    const metadata = await this.db.selectFrom('aggregate_metadata').selectAll().orderBy('id').execute();
    return rows.map((row) => ({
      ...row,
      hosts: hosts.filter((h) => h.aggregate_id === row.id).map((h) => h.host),
      metadata: Object.fromEntries(
        metadata.filter((m) => m.aggregate_id === row.id).map((m) => [m.key, m.value]),
      ),
    }));
  }

  /** `Aggregate.get_by_id`; a missing one is Nova's AggregateNotFound. */
  async get(id: number): Promise<Aggregate> {
    const found = (await this.list()).find((aggregate) => aggregate.id === id);
    if (!found) throw new NotFound(`Aggregate ${id} could not be found.`);
    return found;
  }

  /** The aggregates a host belongs to. */
  async ofHost(host: string): Promise<Aggregate[]> {
    return (await this.list()).filter((aggregate) => aggregate.hosts.includes(host));
  }

  async create(name: string, metadata: Record<string, string>, now: Date): Promise<Aggregate> {
    await this.refuseTakenName(name);
    const { id } = await this.db
      .insertInto('aggregates')
      .values({ uuid: randomUUID(), name, created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A new aggregate has no updated_at, so its metadata is written without touching it.
    await this.writeMetadata(id, metadata);
    return this.get(id);
  }

  async rename(id: number, name: string, now: Date): Promise<void> {
    const current = await this.get(id);
    if (current.name !== name) await this.refuseTakenName(name);
    await this.touch(id, now, { name });
  }

  /** `update_metadata`: a null value removes its key, any other sets it. */
  async setMetadata(id: number, changes: Record<string, string | null>, now: Date): Promise<void> {
    await this.writeMetadata(id, changes);
    await this.touch(id, now);
  }

  private async writeMetadata(id: number, changes: Record<string, string | null>): Promise<void> {
    for (const [key, value] of Object.entries(changes)) {
      const match = this.db
        .deleteFrom('aggregate_metadata')
        .where('aggregate_id', '=', id)
        .where('key', '=', key);
      await match.execute();
      if (value !== null) {
        await this.db.insertInto('aggregate_metadata').values({ aggregate_id: id, key, value }).execute();
      }
    }
  }

  async addHost(id: number, host: string, now: Date): Promise<void> {
    await this.db.insertInto('aggregate_hosts').values({ aggregate_id: id, host }).execute();
    await this.touch(id, now);
  }

  async removeHost(id: number, host: string, now: Date): Promise<void> {
    await this.db
      .deleteFrom('aggregate_hosts')
      .where('aggregate_id', '=', id)
      .where('host', '=', host)
      .execute();
    await this.touch(id, now);
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('aggregate_metadata').where('aggregate_id', '=', id).execute();
    await this.db.deleteFrom('aggregate_hosts').where('aggregate_id', '=', id).execute();
    await this.db.deleteFrom('aggregates').where('id', '=', id).execute();
  }

  private async refuseTakenName(name: string): Promise<void> {
    const taken = await this.db
      .selectFrom('aggregates')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (taken) throw new Conflict(`Aggregate ${name} already exists.`);
  }

  private async touch(id: number, now: Date, changes: { name?: string } = {}): Promise<void> {
    await this.db
      .updateTable('aggregates')
      .set({ ...changes, updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }
}
