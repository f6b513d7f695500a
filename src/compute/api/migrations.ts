import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import { keysetPage } from '../../common/http/pagination.js';
import type { ComputeDeps } from '../deps.js';
import type { MigrationRow } from '../instances/migrations-repo.js';
import { authorize, defaultTarget } from '../policies.js';
import { lastOf } from './schemas/parameter-types.js';
import {
  migrationListQuery,
  migrationListResponse,
  migrationQueryV259,
  migrationQueryV266,
  migrationQueryV280,
} from './schemas/migrations.js';
import { parseIsoTime, queryLists, validateQuery } from './schemas/servers-validation.js';
import { collectionLinks } from './views/links.js';
import {
  MIGRATION_CHANGES_BEFORE,
  MIGRATION_OWNERS,
  MIGRATION_TYPE_AND_LINKS,
  MIGRATION_UUID,
  migrationSummary,
} from './views/migrations.js';

/** Query parameters `migration_get_all_by_filters` compares a column with. */
const EQUALITY_FILTERS = [
  'uuid',
  'status',
  'migration_type',
  'instance_uuid',
  'user_id',
  'project_id',
] as const;

/** The query schema of the microversion; none before 2.59, where anything goes. */
function querySchema(request: FastifyRequest): object | undefined {
  const version = request.microversion;
  if (version.atLeast(MIGRATION_OWNERS)) return migrationQueryV280;
  if (version.atLeast(MIGRATION_CHANGES_BEFORE)) return migrationQueryV266;
  if (version.atLeast(MIGRATION_UUID)) return migrationQueryV259;
  return undefined;
}

/** The instant a `changes-*` filter names, in the stored ISO form. */
const instant = (value: string | undefined) =>
  value === undefined ? undefined : parseIsoTime(value)!.toISOString();

/** The flavors' table ids by API id, for the flavors the migrations name. */
async function flavorIdsOf(deps: ComputeDeps, rows: MigrationRow[]): Promise<Map<string, number>> {
  const ids = [
    ...new Set(rows.flatMap((row) => [row.old_flavor_id, row.new_flavor_id]).filter((id) => id !== null)),
  ];
  if (ids.length === 0) return new Map();
  const flavors = await deps.db
    .selectFrom('flavors')
    .select(['id', 'flavorid'])
    .where('flavorid', 'in', ids)
    .execute();
  return new Map(flavors.map((flavor) => [flavor.flavorid, flavor.id]));
}

/**
 * `GET /os-migrations` (admin): every migration, filtered as `migration_get_all_by_filters`. From
 * 2.59 the newest first in pages (`limit`, a `marker` uuid, which may be any migration) and with
 * `changes-since`, from 2.66 `changes-before`, from 2.80 the owners. Before 2.59 the change
 * filters are dropped and the rows come in the table's order. Nova's `hidden` filter compares a
 * boolean column with text, which its database layer refuses; no migration is hidden here, and
 * the filter is ignored.
 */
export function migrationRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  app.get(
    '/os-migrations',
    { schema: { querystring: migrationListQuery, response: { 200: migrationListResponse } } },
    async (request) => {
      const version = request.microversion;
      const query = queryLists(request.query);
      const schema = querySchema(request);
      if (schema) validateQuery(schema, query);
      authorize(
        deps.policy,
        'os_compute_api:os-migrations:index',
        defaultTarget(request.context),
        request.context,
      );
      const paged = version.atLeast(MIGRATION_UUID);
      const since = paged ? instant(lastOf(query['changes-since'])) : undefined;
      const before = version.atLeast(MIGRATION_CHANGES_BEFORE)
        ? instant(lastOf(query['changes-before']))
        : undefined;
      if (since !== undefined && before !== undefined && before < since) {
        throw new BadRequest('The value of changes-since must be less than or equal to changes-before.');
      }

      let rows = deps.db.selectFrom('migrations').selectAll();
      for (const name of EQUALITY_FILTERS) {
        const value = lastOf(query[name]);
        if (value !== undefined) rows = rows.where(name, '=', value);
      }
      const host = lastOf(query.host);
      const sourceCompute = lastOf(query.source_compute);
      if (host !== undefined) {
        rows = rows.where((eb) => eb.or([eb('source_compute', '=', host), eb('dest_compute', '=', host)]));
      } else if (sourceCompute !== undefined) rows = rows.where('source_compute', '=', sourceCompute);
      const node = lastOf(query.node);
      if (node !== undefined) {
        rows = rows.where((eb) => eb.or([eb('source_node', '=', node), eb('dest_node', '=', node)]));
      }
      if (since !== undefined) rows = rows.where('updated_at', '>=', since);
      if (before !== undefined) rows = rows.where('updated_at', '<=', before);

      let migrations: MigrationRow[];
      let limit = deps.settings.maxLimit;
      if (paged) {
        const limitText = lastOf(query.limit);
        if (limitText !== undefined) limit = Math.min(limit, Number(limitText));
        const markerUuid = lastOf(query.marker);
        let marker: MigrationRow | undefined;
        if (markerUuid !== undefined) {
          marker = await deps.db
            .selectFrom('migrations')
            .selectAll()
            .where('uuid', '=', markerUuid)
            .executeTakeFirst();
          if (!marker) throw new BadRequest(`Marker ${markerUuid} could not be found.`);
        }
        migrations =
          limit === 0
            ? []
            : await keysetPage(
                rows,
                [
                  { column: 'created_at', direction: 'desc' },
                  { column: 'id', direction: 'desc' },
                ],
                marker && [marker.created_at, marker.id],
                limit,
              ).execute();
      } else migrations = await rows.orderBy('id').execute();

      const flavorIds = await flavorIdsOf(deps, migrations);
      const fields = {
        migrationTypeAndLinks: version.atLeast(MIGRATION_TYPE_AND_LINKS),
        uuid: paged,
        owners: version.atLeast(MIGRATION_OWNERS),
      };
      const links = paged
        ? collectionLinks(
            deps.baseUrl,
            'os-migrations',
            request.url,
            migrations.length,
            limit,
            migrations.at(-1)?.uuid,
          )
        : [];
      return {
        migrations: migrations.map((row) => migrationSummary(deps.baseUrl, row, flavorIds, fields)),
        ...(links.length > 0 ? { migrations_links: links } : {}),
      };
    },
  );
}
