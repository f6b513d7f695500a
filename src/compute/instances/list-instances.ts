import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { keysetPage, markerNotFound, type KeysetColumn } from '../../common/http/pagination.js';
import type { ComputeSchema, InstanceTable } from '../db/schema.js';
import { flavorOf, networkInfoOf, systemMetadataOf, type InstanceRow } from './instance-repo.js';
import { VmState } from './states.js';

/**
 * The server list query (Nova's `instance_get_all_by_filters_sort`): exact filters and tag
 * filters in SQL; regular-expression filters (Nova's REGEXP on a column) matched in JS after a
 * SQL prefilter (a LIKE for plain literals), with IP filters on the network info; keyset
 * pagination in SQL over the sort keys, scanning on in chunks while JS filters drop rows.
 */

type Db = Kysely<ComputeSchema>;
type Eb = ExpressionBuilder<ComputeSchema, 'instances'>;
type Query = SelectQueryBuilder<ComputeSchema, 'instances', InstanceRow>;

/**
 * How a column reads as text for a regular expression (Nova matches the stored value); `like`
 * names a text column a LIKE may prefilter on (PostgreSQL has no LIKE on integers).
 */
interface RegexColumn {
  like: keyof InstanceTable | null;
  text: (row: InstanceRow) => string | null;
}

const valueText = (name: keyof InstanceTable) => (row: InstanceRow) => {
  const value = row[name];
  return value === null || value === undefined ? null : String(value);
};
const column = (name: keyof InstanceTable): RegexColumn => ({ like: name, text: valueText(name) });
const numberColumn = (name: keyof InstanceTable): RegexColumn => ({ like: null, text: valueText(name) });
const imageProperty = (key: string): RegexColumn => ({
  like: null,
  text: (row) => systemMetadataOf(row)[`image_${key}`] ?? '',
});

/** The instance columns Nova filters by regular expression, by the name the filter uses. */
export const REGEX_COLUMNS: Record<string, RegexColumn> = {
  display_name: column('display_name'),
  display_description: column('display_description'),
  hostname: column('hostname'),
  key_name: column('key_name'),
  node: column('node'),
  availability_zone: column('availability_zone'),
  reservation_id: column('reservation_id'),
  launch_index: numberColumn('launch_index'),
  launched_at: column('launched_at'),
  terminated_at: column('terminated_at'),
  created_at: column('created_at'),
  updated_at: column('updated_at'),
  scheduled_at: column('scheduled_at'),
  launched_on: column('launched_on'),
  // Nova's column holds 'True' or ''.
  config_drive: { like: null, text: (row) => (row.config_drive ? 'True' : '') },
  access_ip_v4: column('access_ip_v4'),
  access_ip_v6: column('access_ip_v6'),
  progress: numberColumn('progress'),
  power_state: numberColumn('power_state'),
  root_device_name: column('root_device_name'),
  locked_by: column('locked_by'),
  kernel_id: imageProperty('kernel_id'),
  ramdisk_id: imageProperty('ramdisk_id'),
  vcpus: numberColumn('vcpus'),
  memory_mb: numberColumn('memory_mb'),
  root_gb: numberColumn('root_gb'),
  ephemeral_gb: numberColumn('ephemeral_gb'),
  key_data: column('key_data'),
  user_data: column('user_data'),
};

export interface InstanceFilters {
  projectId?: string;
  userId?: string;
  imageRef?: string;
  uuids?: string[];
  host?: string;
  vmStates?: string[];
  taskStates?: string[];
  locked?: boolean;
  /** The flavor's API id, as the instance's flavor copy has it. */
  flavorId?: string;
  /** true: deleted (and soft-deleted unless `softDeleted` is false); false: live; absent: both. */
  deleted?: boolean;
  softDeleted?: boolean;
  changesSince?: Date;
  changesBefore?: Date;
  tags?: string[];
  tagsAny?: string[];
  notTags?: string[];
  notTagsAny?: string[];
  /** Column name (a key of REGEX_COLUMNS) to a regular expression searched in its value. */
  regex?: Record<string, RegExp>;
  /** Regular expressions an IPv4 / IPv6 fixed address must match from its start. */
  ip?: RegExp;
  ip6?: RegExp;
}

export interface InstanceSort {
  key: string;
  dir: 'asc' | 'desc';
}

export interface InstanceListQuery {
  filters: InstanceFilters;
  /** Sort keys with directions, the unique `id` last (Nova adds created_at and id). */
  sort: InstanceSort[];
  limit: number;
  /** The uuid of the last server of the previous page (any project, deleted ones too). */
  marker?: string;
}

/** Sort keys by their column; nullable ones sort as '' (lowest), as NULLs sort first in MySQL. */
const NULLABLE_SORT_COLUMNS: Record<string, keyof InstanceTable> = {
  access_ip_v4: 'access_ip_v4',
  access_ip_v6: 'access_ip_v6',
  availability_zone: 'availability_zone',
  display_description: 'display_description',
  host: 'host',
  key_name: 'key_name',
  launched_at: 'launched_at',
  locked_by: 'locked_by',
  node: 'node',
  root_device_name: 'root_device_name',
  task_state: 'task_state',
  terminated_at: 'terminated_at',
  updated_at: 'updated_at',
};
const SORT_COLUMNS: Record<string, keyof InstanceTable> = {
  config_drive: 'config_drive',
  created_at: 'created_at',
  display_name: 'display_name',
  hostname: 'hostname',
  id: 'id',
  image_ref: 'image_ref',
  instance_type_id: 'flavor',
  launch_index: 'launch_index',
  locked: 'locked',
  power_state: 'power_state',
  progress: 'progress',
  project_id: 'project_id',
  user_id: 'user_id',
  uuid: 'uuid',
  vm_state: 'vm_state',
};

interface SortColumn extends KeysetColumn<ComputeSchema, 'instances'> {
  /** The value the expression has for a row, for the next chunk's keyset marker. */
  valueOf(row: InstanceRow): unknown;
}

/** auto_disk_config, kernel_id and ramdisk_id are no columns here, so they order nothing. */
function sortColumn({ key, dir }: InstanceSort): SortColumn | null {
  const nullable = NULLABLE_SORT_COLUMNS[key];
  if (nullable) {
    return {
      column: sql<string>`coalesce(${sql.ref(nullable)}, '')`,
      direction: dir,
      valueOf: (row) => row[nullable] ?? '',
    };
  }
  const name = SORT_COLUMNS[key];
  if (!name) return null;
  return { column: sql<string | number>`${sql.ref(name)}`, direction: dir, valueOf: (row) => row[name] };
}

const LIKE_ESCAPE = '!';
const likeLiteral = (text: string) => text.replace(/[!%_]/g, (c) => `${LIKE_ESCAPE}${c}`);
/** A pattern without regular-expression syntax is a plain substring, which LIKE can prefilter. */
const literalOf = (pattern: RegExp) => (/[\\^$.|?*+()[\]{}]/.test(pattern.source) ? null : pattern.source);

function hasTag(eb: Eb, tags: string[]) {
  return eb.exists(
    eb
      .selectFrom('instance_tags')
      .select('instance_tags.tag')
      .whereRef('instance_tags.instance_uuid', '=', 'instances.uuid')
      .where('instance_tags.tag', 'in', tags),
  );
}

function applyFilters(query: Query, filters: InstanceFilters): Query | null {
  let q = query;
  const exact: [keyof InstanceTable, string | number | undefined][] = [
    ['project_id', filters.projectId],
    ['user_id', filters.userId],
    ['image_ref', filters.imageRef],
    ['host', filters.host],
    ['locked', filters.locked === undefined ? undefined : filters.locked ? 1 : 0],
  ];
  for (const [name, value] of exact) if (value !== undefined) q = q.where(name, '=', value as never);
  for (const [name, values] of [
    ['uuid', filters.uuids],
    ['vm_state', filters.vmStates],
    ['task_state', filters.taskStates],
  ] as const) {
    if (values === undefined) continue;
    if (values.length === 0) return null;
    q = q.where(name, 'in', values);
  }
  if (filters.deleted === true) {
    q =
      filters.softDeleted === false
        ? q.where('deleted', '=', 1)
        : q.where((eb) => eb.or([eb('deleted', '=', 1), eb('vm_state', '=', VmState.SOFT_DELETED)]));
  } else if (filters.deleted === false) {
    q = q.where('deleted', '=', 0);
    if (!filters.softDeleted) q = q.where('vm_state', '!=', VmState.SOFT_DELETED);
  }
  if (filters.changesSince) q = q.where('updated_at', '>=', filters.changesSince.toISOString());
  if (filters.changesBefore) q = q.where('updated_at', '<=', filters.changesBefore.toISOString());
  const { tags, tagsAny, notTags, notTagsAny } = filters;
  if (tags?.length) q = q.where((eb) => eb.and(tags.map((tag) => hasTag(eb, [tag]))));
  if (tagsAny?.length) q = q.where((eb) => hasTag(eb, tagsAny));
  if (notTags?.length) q = q.where((eb) => eb.not(eb.and(notTags.map((tag) => hasTag(eb, [tag])))));
  if (notTagsAny?.length) q = q.where((eb) => eb.not(hasTag(eb, notTagsAny)));
  if (filters.flavorId !== undefined) {
    const pattern = `%${likeLiteral(`"id":${JSON.stringify(filters.flavorId)}`)}%`;
    q = q.where(sql<SqlBool>`${sql.ref('flavor')} like ${pattern} escape ${LIKE_ESCAPE}`);
  }
  for (const [name, pattern] of Object.entries(filters.regex ?? {})) {
    const target = REGEX_COLUMNS[name];
    const literal = literalOf(pattern);
    if (target?.like && literal !== null) {
      const like = `%${likeLiteral(literal)}%`;
      q = q.where(sql<SqlBool>`${sql.ref(target.like)} like ${like} escape ${LIKE_ESCAPE}`);
    }
  }
  return q;
}

/** What SQL cannot say: the regular expressions, the flavor id in its JSON, the IP filters. */
function rowFilter(filters: InstanceFilters): ((row: InstanceRow) => boolean) | null {
  const checks: ((row: InstanceRow) => boolean)[] = [];
  for (const [name, pattern] of Object.entries(filters.regex ?? {})) {
    const target = REGEX_COLUMNS[name];
    if (!target) continue;
    checks.push((row) => {
      const text = target.text(row);
      return text !== null && pattern.test(text);
    });
  }
  if (filters.flavorId !== undefined) checks.push((row) => flavorOf(row).id === filters.flavorId);
  if (filters.ip || filters.ip6) {
    const { ip, ip6 } = filters;
    checks.push((row) =>
      networkInfoOf(row).some((vif) =>
        vif.ips.some(
          (address) =>
            address.type === 'fixed' &&
            ((address.version === 4 && ip?.test(address.address)) ||
              (address.version === 6 && ip6?.test(address.address))),
        ),
      ),
    );
  }
  return checks.length === 0 ? null : (row) => checks.every((check) => check(row));
}

/** One page of servers; MarkerNotFound as Nova's 400 when the marker names no instance at all. */
export async function listInstances(db: Db, query: InstanceListQuery): Promise<InstanceRow[]> {
  if (query.limit === 0) return [];
  const filtered = applyFilters(db.selectFrom('instances').selectAll(), query.filters);
  if (!filtered) return [];
  const sort = query.sort.map(sortColumn).filter((entry): entry is SortColumn => entry !== null);
  let marker: unknown[] | undefined;
  if (query.marker !== undefined) {
    const row = await db
      .selectFrom('instances')
      .selectAll()
      .where('uuid', '=', query.marker)
      .executeTakeFirst();
    if (!row) throw markerNotFound(query.marker);
    marker = sort.map((entry) => entry.valueOf(row));
  }
  const keep = rowFilter(query.filters);
  if (!keep) return keysetPage(filtered, sort, marker, query.limit).execute();

  // Scan on in chunks until the page is full or the rows run out.
  const chunk = Math.max(query.limit, 500);
  const page: InstanceRow[] = [];
  for (;;) {
    const rows = await keysetPage(filtered, sort, marker, chunk).execute();
    for (const row of rows) {
      if (!keep(row)) continue;
      page.push(row);
      if (page.length === query.limit) return page;
    }
    if (rows.length < chunk) return page;
    const last = rows[rows.length - 1];
    marker = sort.map((entry) => entry.valueOf(last));
  }
}
