import type { Selectable } from 'kysely';
import { keysetPage, type KeysetColumn } from '../../../common/http/pagination.js';
import type { ImageSchema } from '../../db/schema.js';
import { duplicateTag } from '../metadef-errors.js';
import type { MetadefTag } from '../model.js';
import type { MetadefTagTable } from './metadef-tables.js';
import type { MetadefDb } from './namespaces-repo.js';
import { uniquely } from './unique-violation.js';

/** The columns a tag list may sort on, as Glance allows any column of its tag table. */
export const TAG_SORT_KEYS = ['id', 'namespace_id', 'name', 'created_at', 'updated_at'] as const;
export type TagSortKey = (typeof TAG_SORT_KEYS)[number];

export interface TagPageRequest {
  sortKey: TagSortKey;
  sortDir: 'asc' | 'desc';
  /** Absent: every tag. */
  limit?: number;
  marker?: MetadefTag;
}

const toTag = (row: Selectable<MetadefTagTable>): MetadefTag => ({
  id: Number(row.id),
  name: row.name,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

/**
 * A page of a namespace's tags: sorted on the key, then on creation time and id (all in the
 * same direction, as Glance's pagination does), after the marker tag.
 */
export async function listTags(
  db: MetadefDb,
  namespaceId: number,
  page: TagPageRequest,
): Promise<MetadefTag[]> {
  const keys: TagSortKey[] = [page.sortKey, 'created_at', 'id'].filter(
    (key, index, all) => all.indexOf(key) === index,
  ) as TagSortKey[];
  const sort = keys.map((key): KeysetColumn<ImageSchema, 'metadef_tag'> => ({
    column: `metadef_tag.${key}`,
    direction: page.sortDir,
  }));
  const query = db.selectFrom('metadef_tag').selectAll().where('namespace_id', '=', namespaceId);
  const marker = page.marker && keys.map((key) => (key === 'namespace_id' ? namespaceId : page.marker![key]));
  const rows = await keysetPage(query, sort, marker, page.limit ?? Number.MAX_SAFE_INTEGER).execute();
  return rows.map(toTag);
}

export async function findTag(
  db: MetadefDb,
  namespaceId: number,
  name: string,
): Promise<MetadefTag | undefined> {
  const row = await db
    .selectFrom('metadef_tag')
    .selectAll()
    .where('namespace_id', '=', namespaceId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toTag(row);
}

/**
 * Adds tags to a namespace (named `namespace` in a conflict), in the order given; the first name
 * already there, or given twice, is a 409. Call inside a transaction when adding several.
 */
export async function insertTags(
  db: MetadefDb,
  namespace: { id: number; namespace: string },
  names: readonly string[],
  now: string,
): Promise<void> {
  for (const name of names) {
    await uniquely(
      () =>
        db
          .insertInto('metadef_tag')
          .values({ namespace_id: namespace.id, name, created_at: now, updated_at: now })
          .execute(),
      () => duplicateTag(name, namespace.namespace),
    );
  }
}

/** Renames a tag; the new name taken is a 409. */
export async function renameTag(
  db: MetadefDb,
  namespace: { id: number; namespace: string },
  tag: MetadefTag,
  name: string,
  now: string,
): Promise<void> {
  await uniquely(
    () => db.updateTable('metadef_tag').set({ name, updated_at: now }).where('id', '=', tag.id).execute(),
    () => duplicateTag(name, namespace.namespace),
  );
}

export async function deleteTag(db: MetadefDb, id: number): Promise<void> {
  await db.deleteFrom('metadef_tag').where('id', '=', id).execute();
}

export async function deleteTags(db: MetadefDb, namespaceId: number): Promise<void> {
  await db.deleteFrom('metadef_tag').where('namespace_id', '=', namespaceId).execute();
}
