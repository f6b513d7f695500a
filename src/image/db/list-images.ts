import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { keysetPage, type KeysetColumn } from '../../common/http/pagination.js';
import type { ImageListRequest, SortKey } from '../list/list-params.js';
import type { Image } from '../model/image.js';
import type { Viewer } from '../model/visibility.js';
import type { ImageDb } from './images-repo.js';
import type { ImageSchema, ImageTable } from './schema.js';

type Eb = ExpressionBuilder<ImageSchema, 'image'>;

/**
 * Which images a viewer's list holds, in SQL: the same decision as `listsImage` in
 * model/visibility.ts (tests check the two agree), so a page reads only its own rows.
 */
function visibilityCondition(eb: Eb, viewer: Viewer, request: ImageListRequest): Expression<SqlBool> {
  const project = viewer.projectId;
  const conditions: Expression<SqlBool>[] = [];
  if (!viewer.isAdmin) {
    const candidates: Expression<SqlBool>[] = [eb('image.visibility', 'in', ['public', 'community'])];
    if (project !== null) {
      candidates.push(eb('image.owner', '=', project));
      let membership = eb
        .selectFrom('image_member')
        .select('image_member.member')
        .whereRef('image_member.image_id', '=', 'image.id')
        .where('image_member.member', '=', project);
      if (request.memberStatus !== 'all')
        membership = membership.where('image_member.status', '=', request.memberStatus);
      candidates.push(eb.and([eb('image.visibility', '=', 'shared'), eb.exists(membership)]));
    }
    conditions.push(eb.or(candidates));
  }
  if (request.visibility !== undefined) {
    if (request.visibility !== 'all') conditions.push(eb('image.visibility', '=', request.visibility));
  } else {
    const notCommunity = eb('image.visibility', '!=', 'community');
    conditions.push(project === null ? notCommunity : eb.or([notCommunity, eb('image.owner', '=', project)]));
  }
  return eb.and(conditions);
}

function filterConditions(eb: Eb, request: ImageListRequest): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [eb('image.os_hidden', '=', request.osHidden ? 1 : 0)];
  for (const { column, op, value } of request.columns) {
    const ref = sql.ref(`image.${column}`);
    conditions.push(op === 'in' ? eb(ref, 'in', value as string[]) : eb(ref, op, value));
  }
  for (const tag of request.tags) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('image_tag')
          .select('image_tag.value')
          .whereRef('image_tag.image_id', '=', 'image.id')
          .where('image_tag.value', '=', tag),
      ),
    );
  }
  for (const { name, value } of request.properties) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('image_property')
          .select('image_property.name')
          .whereRef('image_property.image_id', '=', 'image.id')
          .where('image_property.name', '=', name)
          .where('image_property.value', '=', value),
      ),
    );
  }
  return conditions;
}

/** Sorting on nullable columns compares NULL as '' (or 0 for size), as Glance's markers do. */
function sortExpression(key: SortKey) {
  if (key === 'id' || key === 'created_at' || key === 'updated_at' || key === 'status')
    return sql.ref(`image.${key}`);
  if (key === 'size') return sql`coalesce(image.size, 0)`;
  return sql`coalesce(${sql.ref(`image.${key}`)}, '')`;
}

function sortValue(image: Image, key: SortKey): unknown {
  const value = image[key];
  if (value !== null) return value;
  return key === 'size' ? 0 : '';
}

/**
 * One page of the images a viewer may list, matching the request's filters, after the marker
 * image (already checked to be visible) in the requested order.
 */
export async function listImageRows(
  db: ImageDb,
  viewer: Viewer,
  request: ImageListRequest,
  marker: Image | undefined,
): Promise<ImageTable[]> {
  const query = db
    .selectFrom('image')
    .selectAll('image')
    .where((eb) => eb.and([visibilityCondition(eb, viewer, request), ...filterConditions(eb, request)]));
  const sort = request.sort.map(
    ({ key, dir }) =>
      ({ column: sortExpression(key), direction: dir }) as unknown as KeysetColumn<ImageSchema, 'image'>,
  );
  const markerValues = marker && request.sort.map(({ key }) => sortValue(marker, key));
  return keysetPage(query, sort, markerValues, request.limit).execute();
}
