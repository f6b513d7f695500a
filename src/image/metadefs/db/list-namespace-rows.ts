import { sql } from 'kysely';
import { keysetPage, type KeysetColumn } from '../../../common/http/pagination.js';
import type { ImageSchema } from '../../db/schema.js';
import type { Namespace } from '../model.js';
import type { NamespaceViewer } from '../namespace-access.js';
import { toNamespace, type MetadefDb } from './namespaces-repo.js';

/** The columns a namespace list may sort on, as Glance allows any column of its namespace table. */
export const NAMESPACE_SORT_KEYS = [
  'id',
  'namespace',
  'display_name',
  'description',
  'visibility',
  'protected',
  'owner',
  'created_at',
  'updated_at',
] as const;
export type NamespaceSortKey = (typeof NAMESPACE_SORT_KEYS)[number];

export interface NamespacePageRequest {
  sortKey: NamespaceSortKey;
  sortDir: 'asc' | 'desc';
  limit: number;
  /** The namespace after which the page starts (already checked visible). */
  marker?: Namespace;
  visibility?: string;
  /** Only namespaces associated with one of these resource types. */
  resourceTypes?: string[];
}

const NULLABLE = new Set<NamespaceSortKey>(['display_name', 'description']);

/** Sorting on a nullable column compares NULL as '', so a marker always has a value to compare. */
function sortColumn(key: NamespaceSortKey) {
  return NULLABLE.has(key)
    ? sql`coalesce(${sql.ref(`metadef_namespace.${key}`)}, '')`
    : sql.ref(`metadef_namespace.${key}`);
}

function markerValue(marker: Namespace, key: NamespaceSortKey): unknown {
  if (key === 'protected') return marker.protected ? 1 : 0;
  return marker[key] ?? '';
}

/**
 * One page of the namespaces a viewer may list: all for an admin, otherwise the public ones and
 * the viewer project's own; sorted on the key, then creation time and id, all in one direction.
 */
export async function listNamespaceRows(
  db: MetadefDb,
  viewer: NamespaceViewer,
  request: NamespacePageRequest,
): Promise<Namespace[]> {
  let query = db.selectFrom('metadef_namespace').selectAll('metadef_namespace');
  if (!viewer.isAdmin) {
    const projectId = viewer.projectId;
    query = query.where((eb) =>
      projectId === null
        ? eb('visibility', '=', 'public')
        : eb.or([eb('visibility', '=', 'public'), eb('owner', '=', projectId)]),
    );
  }
  if (request.visibility !== undefined) query = query.where('visibility', '=', request.visibility);
  if (request.resourceTypes !== undefined) {
    const names = request.resourceTypes;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('metadef_namespace_resource_type as association')
          .innerJoin('metadef_resource_type as type', 'type.id', 'association.resource_type_id')
          .select('association.namespace_id')
          .whereRef('association.namespace_id', '=', 'metadef_namespace.id')
          .where('type.name', 'in', names),
      ),
    );
  }
  const keys = [request.sortKey, 'created_at', 'id'].filter(
    (key, index, all) => all.indexOf(key) === index,
  ) as NamespaceSortKey[];
  const sort = keys.map(
    (key) =>
      ({ column: sortColumn(key), direction: request.sortDir }) as unknown as KeysetColumn<
        ImageSchema,
        'metadef_namespace'
      >,
  );
  const marker = request.marker && keys.map((key) => markerValue(request.marker!, key));
  const rows = await keysetPage(query, sort, marker, request.limit).execute();
  return rows.map(toNamespace);
}
