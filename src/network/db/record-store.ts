import type { Kysely, Transaction } from 'kysely';
import type { ApiRecord } from '../api/engine/definition.js';
import type { NetworkSchema, ResourceRow, ResourceTable } from './schema.js';

/** Kysely on the network schema, or one of its transactions. */
export type NetworkDb = Kysely<NetworkSchema> | Transaction<NetworkSchema>;

/** Neutron's timestamps: seconds, UTC, `Z`. */
export function neutronTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Attributes kept in columns rather than in the JSON body. */
const COLUMN_ATTRIBUTES = [
  'id',
  'project_id',
  'tenant_id',
  'revision_number',
  'created_at',
  'updated_at',
  'tags',
];

/** What a write gives beside the record: the indexed keys. */
export interface RecordKeys {
  parentId?: string | null;
  refId?: string | null;
}

/**
 * Reads and writes the resources of one table as API records (owner under both names,
 * standard attributes and tags included), bumping the revision on every change as Neutron's
 * revision plugin does.
 */
export class RecordStore {
  constructor(
    readonly table: ResourceTable,
    private readonly now: () => Date,
  ) {}

  toRecord(row: ResourceRow, tags: string[]): ApiRecord {
    return {
      ...(JSON.parse(row.body) as Record<string, unknown>),
      id: row.id,
      project_id: row.project_id,
      tenant_id: row.project_id,
      revision_number: row.revision_number,
      created_at: row.created_at,
      updated_at: row.updated_at,
      tags,
    };
  }

  private async withTags(db: NetworkDb, rows: ResourceRow[]): Promise<ApiRecord[]> {
    if (rows.length === 0) return [];
    const tagRows =
      rows.length > 500
        ? await db.selectFrom('tags').selectAll().execute()
        : await db
            .selectFrom('tags')
            .selectAll()
            .where(
              'resource_id',
              'in',
              rows.map((row) => row.id),
            )
            .execute();
    const tags = new Map<string, string[]>();
    for (const row of tagRows) tags.set(row.resource_id, [...(tags.get(row.resource_id) ?? []), row.tag]);
    return rows.map((row) => this.toRecord(row, (tags.get(row.id) ?? []).sort()));
  }

  /** Every record, or those with one of the given parents, refs or owners. */
  async list(
    db: NetworkDb,
    where: { parentIds?: string[]; refIds?: string[]; projectIds?: string[]; ids?: string[] } = {},
  ): Promise<ApiRecord[]> {
    let query = db.selectFrom(this.table).selectAll();
    if (where.parentIds)
      query = query.where('parent_id', 'in', where.parentIds.length ? where.parentIds : ['']);
    if (where.refIds) query = query.where('ref_id', 'in', where.refIds.length ? where.refIds : ['']);
    if (where.projectIds)
      query = query.where('project_id', 'in', where.projectIds.length ? where.projectIds : ['']);
    if (where.ids) query = query.where('id', 'in', where.ids.length ? where.ids : ['']);
    return this.withTags(db, await query.orderBy('created_at').orderBy('id').execute());
  }

  async get(db: NetworkDb, id: string): Promise<ApiRecord | null> {
    const row = await db.selectFrom(this.table).selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await this.withTags(db, [row]))[0] : null;
  }

  /** Stores a new record (its `id` and `project_id` set by the caller) at revision 1, as Neutron shows a new one. */
  async insert(db: NetworkDb, record: Record<string, unknown>, keys: RecordKeys = {}): Promise<ApiRecord> {
    const time = neutronTime(this.now());
    const row: ResourceRow = {
      id: record.id as string,
      project_id: (record.project_id as string | null) ?? '',
      parent_id: keys.parentId ?? null,
      ref_id: keys.refId ?? null,
      body: JSON.stringify(bodyOf(record)),
      revision_number: 1,
      created_at: time,
      updated_at: time,
    };
    await db.insertInto(this.table).values(row).execute();
    return this.toRecord(row, []);
  }

  /** Applies changes to a record's own attributes (and keys), bumping its revision. */
  async update(
    db: NetworkDb,
    current: ApiRecord,
    changes: Record<string, unknown>,
    keys: RecordKeys = {},
  ): Promise<ApiRecord> {
    const merged = { ...current, ...changes };
    const time = neutronTime(this.now());
    const set: Partial<ResourceRow> = {
      body: JSON.stringify(bodyOf(merged)),
      revision_number: (current.revision_number as number) + 1,
      updated_at: time,
    };
    if (keys.parentId !== undefined) set.parent_id = keys.parentId;
    if (keys.refId !== undefined) set.ref_id = keys.refId;
    await db.updateTable(this.table).set(set).where('id', '=', current.id).execute();
    return { ...merged, revision_number: set.revision_number, updated_at: time };
  }

  /** Bumps a record's revision when something it shows changed elsewhere (a network's subnets). */
  async bump(db: NetworkDb, id: string): Promise<void> {
    await db
      .updateTable(this.table)
      .set((eb) => ({ revision_number: eb('revision_number', '+', 1), updated_at: neutronTime(this.now()) }))
      .where('id', '=', id)
      .execute();
  }

  async delete(db: NetworkDb, id: string): Promise<void> {
    await db.deleteFrom(this.table).where('id', '=', id).execute();
    await db.deleteFrom('tags').where('resource_id', '=', id).execute();
  }
}

function bodyOf(record: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!COLUMN_ATTRIBUTES.includes(key)) body[key] = value;
  return body;
}
