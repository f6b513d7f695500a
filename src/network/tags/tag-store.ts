import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { ResourceTable } from '../db/schema.js';
import type { NetworkDeps } from '../deps.js';

/**
 * The tags of one standard-attribute resource, written as Neutron's tag plugin writes them:
 * every change that adds or removes a tag bumps the resource's revision (a tag revises its
 * standard attributes), and a write that changes nothing leaves it alone.
 */
export class TagStore {
  private readonly records: RecordStore;

  constructor(
    private readonly deps: NetworkDeps,
    table: ResourceTable,
  ) {
    this.records = new RecordStore(table, deps.now);
  }

  async tags(db: NetworkDb, resourceId: string): Promise<string[]> {
    const rows = await db.selectFrom('tags').select('tag').where('resource_id', '=', resourceId).execute();
    return rows.map((row) => row.tag).sort();
  }

  /** Makes the resource's tags exactly `wanted`. */
  async replace(resourceId: string, wanted: string[]): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const current = new Set(await this.tags(trx, resourceId));
      const next = new Set(wanted);
      const removed = [...current].filter((tag) => !next.has(tag));
      const added = [...next].filter((tag) => !current.has(tag));
      if (removed.length > 0) {
        await trx
          .deleteFrom('tags')
          .where('resource_id', '=', resourceId)
          .where('tag', 'in', removed)
          .execute();
      }
      await this.insert(trx, resourceId, added);
      if (removed.length > 0 || added.length > 0) await this.records.bump(trx, resourceId);
    });
  }

  /** Adds the tags the resource does not have yet. */
  async add(resourceId: string, tags: string[]): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const current = new Set(await this.tags(trx, resourceId));
      const added = [...new Set(tags)].filter((tag) => !current.has(tag));
      await this.insert(trx, resourceId, added);
      if (added.length > 0) await this.records.bump(trx, resourceId);
    });
  }

  /** Removes one tag; false when the resource did not have it. */
  async remove(resourceId: string, tag: string): Promise<boolean> {
    return this.deps.db.transaction().execute(async (trx) => {
      const deleted = await trx
        .deleteFrom('tags')
        .where('resource_id', '=', resourceId)
        .where('tag', '=', tag)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) return false;
      await this.records.bump(trx, resourceId);
      return true;
    });
  }

  /** Removes every tag of the resource. */
  async clear(resourceId: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('tags').where('resource_id', '=', resourceId).executeTakeFirst();
      if (Number(deleted.numDeletedRows) > 0) await this.records.bump(trx, resourceId);
    });
  }

  private async insert(db: NetworkDb, resourceId: string, tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    await db
      .insertInto('tags')
      .values(tags.map((tag) => ({ resource_id: resourceId, tag })))
      // A concurrent request may have added the same tag: it is there either way.
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}
