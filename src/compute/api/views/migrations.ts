import type { MigrationRow } from '../../instances/migrations-repo.js';
import { resourceLinks } from './links.js';
import { novaTime } from './services.js';

/** `migration_type` and the links of live migrations in progress, in os-migrations. */
export const MIGRATION_TYPE_AND_LINKS = '2.23';
/** The migration's uuid, paging and `changes-since`. */
export const MIGRATION_UUID = '2.59';
/** `changes-before`. */
export const MIGRATION_CHANGES_BEFORE = '2.66';
/** `user_id` and `project_id`, shown and filtered on. */
export const MIGRATION_OWNERS = '2.80';

/** The statuses of a live migration still under way (the API's `live_migration_in_progress`). */
export const LIVE_MIGRATION_IN_PROGRESS = ['queued', 'preparing', 'running', 'post-migrating'];

export interface MigrationFields {
  migrationTypeAndLinks: boolean;
  uuid: boolean;
  owners: boolean;
}

/**
 * A migration in `GET /os-migrations` (MigrationsController `_output`). Nova shows the flavors by
 * their internal integer ids; Stratus's migration rows keep the API flavor ids, so `flavorIds`
 * maps those back (a flavor deleted since shows null).
 */
export function migrationSummary(
  baseUrl: string,
  row: MigrationRow,
  flavorIds: Map<string, number>,
  fields: MigrationFields,
) {
  const flavorId = (id: string | null) => (id === null ? null : (flavorIds.get(id) ?? null));
  const view: Record<string, unknown> = {
    id: row.id,
    ...(fields.uuid ? { uuid: row.uuid } : {}),
    source_compute: row.source_compute,
    dest_compute: row.dest_compute,
    source_node: row.source_node,
    dest_node: row.dest_node,
    dest_host: row.dest_host,
    old_instance_type_id: flavorId(row.old_flavor_id),
    new_instance_type_id: flavorId(row.new_flavor_id),
    instance_uuid: row.instance_uuid,
    status: row.status,
    ...(fields.migrationTypeAndLinks ? { migration_type: row.migration_type } : {}),
    ...(fields.owners ? { user_id: row.user_id, project_id: row.project_id } : {}),
    created_at: novaTime(row.created_at),
    updated_at: novaTime(row.updated_at),
  };
  if (
    fields.migrationTypeAndLinks &&
    row.migration_type === 'live-migration' &&
    LIVE_MIGRATION_IN_PROGRESS.includes(row.status)
  ) {
    view.links = resourceLinks(baseUrl, `servers/${row.instance_uuid}/migrations`, String(row.id));
  }
  return view;
}

/**
 * A live migration in `/servers/{id}/migrations` (server_migrations.py `output`). Stratus's
 * drivers report no memory or disk progress, as Nova's fake driver doesn't.
 */
export function serverMigrationView(
  row: MigrationRow,
  fields: Omit<MigrationFields, 'migrationTypeAndLinks'>,
) {
  return {
    created_at: novaTime(row.created_at),
    dest_compute: row.dest_compute,
    dest_host: row.dest_host,
    dest_node: row.dest_node,
    disk_processed_bytes: null,
    disk_remaining_bytes: null,
    disk_total_bytes: null,
    id: row.id,
    memory_processed_bytes: null,
    memory_remaining_bytes: null,
    memory_total_bytes: null,
    server_uuid: row.instance_uuid,
    source_compute: row.source_compute,
    source_node: row.source_node,
    status: row.status,
    updated_at: novaTime(row.updated_at),
    ...(fields.uuid ? { uuid: row.uuid } : {}),
    ...(fields.owners ? { user_id: row.user_id, project_id: row.project_id } : {}),
  };
}
