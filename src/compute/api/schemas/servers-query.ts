import type { Microversion } from '../../../common/http/microversion.js';

/**
 * Nova's `GET /servers` query schemas (`query_params_v21` .. `query_params_v275`): every
 * parameter is a list (repeated or not). Before 2.75 unknown parameters pass (and are dropped or
 * ignored later); from 2.75 they are refused, and so are the sort keys Nova used to ignore.
 */

const multi = (items: object) => ({ type: 'array', items });
const plain = multi({ type: 'string' });
const regex = multi({ type: 'string', format: 'regex' });
const nonNegative = multi({ type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 0, minLength: 1 });
const dateTime = multi({ type: 'string', format: 'date-time' });

/** Sort keys Nova ignores (with their direction) rather than refuse, before 2.75. */
export const IGNORED_SORT_KEYS = [
  'architecture',
  'cell_name',
  'cleaned',
  'default_ephemeral_device',
  'default_swap_device',
  'deleted',
  'deleted_at',
  'disable_terminate',
  'ephemeral_gb',
  'ephemeral_key_uuid',
  'id',
  'key_data',
  'launched_on',
  'locked',
  'memory_mb',
  'os_type',
  'reservation_id',
  'root_gb',
  'shutdown_terminate',
  'user_data',
  'vcpus',
  'vm_mode',
];
/** From 2.73 `locked` is a real sort key. */
export const IGNORED_SORT_KEYS_V273 = IGNORED_SORT_KEYS.filter((key) => key !== 'locked');

/** The sort keys that order servers (`VALID_SORT_KEYS` less the ignored ones). */
export const SERVER_SORT_KEYS = [
  'access_ip_v4',
  'access_ip_v6',
  'auto_disk_config',
  'availability_zone',
  'config_drive',
  'created_at',
  'display_description',
  'display_name',
  'host',
  'hostname',
  'image_ref',
  'instance_type_id',
  'kernel_id',
  'key_name',
  'launch_index',
  'launched_at',
  'locked_by',
  'node',
  'power_state',
  'progress',
  'project_id',
  'ramdisk_id',
  'root_device_name',
  'task_state',
  'terminated_at',
  'updated_at',
  'user_id',
  'uuid',
  'vm_state',
] as const;
export type ServerSortKey = (typeof SERVER_SORT_KEYS)[number] | 'locked';

/** Query parameters naming joined tables: an admin filtering on them gets a 400. */
export const JOINED_TABLE_PARAMETERS = [
  'block_device_mapping',
  'services',
  'metadata',
  'system_metadata',
  'info_cache',
  'security_groups',
  'pci_devices',
];

function querySchemaFor(version: Microversion) {
  const at = (v: string) => version.atLeast(v);
  let sortKeys: string[] = [...SERVER_SORT_KEYS, ...IGNORED_SORT_KEYS];
  if (at('2.73')) sortKeys = ['locked', ...SERVER_SORT_KEYS, ...IGNORED_SORT_KEYS_V273];
  if (at('2.75')) sortKeys = ['locked', ...SERVER_SORT_KEYS];
  const properties: Record<string, object> = {
    user_id: plain,
    project_id: plain,
    tenant_id: plain,
    launch_index: plain,
    image_ref: plain,
    image: plain,
    kernel_id: regex,
    ramdisk_id: regex,
    hostname: regex,
    key_name: regex,
    power_state: regex,
    vm_state: plain,
    task_state: plain,
    host: plain,
    node: regex,
    flavor: regex,
    reservation_id: regex,
    launched_at: regex,
    terminated_at: regex,
    availability_zone: regex,
    name: regex,
    display_name: regex,
    description: regex,
    display_description: regex,
    locked_by: regex,
    uuid: plain,
    root_device_name: regex,
    config_drive: regex,
    access_ip_v4: regex,
    access_ip_v6: regex,
    auto_disk_config: regex,
    progress: regex,
    sort_key: multi({ type: 'string', enum: sortKeys }),
    sort_dir: plain,
    all_tenants: plain,
    soft_deleted: plain,
    deleted: plain,
    status: plain,
    'changes-since': dateTime,
    ip: regex,
    ip6: regex,
    created_at: regex,
    limit: nonNegative,
    marker: plain,
  };
  for (const joined of JOINED_TABLE_PARAMETERS) properties[joined] = plain;
  if (at('2.26'))
    Object.assign(properties, { tags: regex, 'tags-any': regex, 'not-tags': regex, 'not-tags-any': regex });
  if (at('2.66')) properties['changes-before'] = dateTime;
  if (at('2.73')) properties.locked = plain;
  return {
    type: 'object',
    properties,
    additionalProperties: !at('2.75'),
    patternProperties: { '^_': plain },
  };
}

const cache = new Map<string, object>();
/** The query schema of a microversion (one per range: 2.1, 2.26, 2.66, 2.73, 2.75). */
export function serverQuerySchema(version: Microversion): object {
  const key = ['2.75', '2.73', '2.66', '2.26'].find((bound) => version.atLeast(bound)) ?? '2.1';
  let schema = cache.get(key);
  if (!schema) {
    schema = querySchemaFor(version);
    cache.set(key, schema);
  }
  return schema;
}

/** The filters a non-admin may use (`_get_server_search_options`); the rest are dropped. */
export function userSearchOptions(version: Microversion): string[] {
  const at = (v: string) => version.atLeast(v);
  const options = [
    'reservation_id',
    'name',
    'status',
    'image',
    'flavor',
    'ip',
    'changes-since',
    'all_tenants',
  ];
  if (at('2.5')) options.push('ip6');
  if (at('2.26')) options.push('tags', 'tags-any', 'not-tags', 'not-tags-any');
  if (at('2.66')) options.push('changes-before');
  if (at('2.73')) options.push('locked');
  if (at('2.83')) {
    options.push(
      'availability_zone',
      'config_drive',
      'key_name',
      'created_at',
      'launched_at',
      'terminated_at',
      'power_state',
      'task_state',
      'vm_state',
      'progress',
      'user_id',
    );
  }
  if (at('2.90')) options.push('hostname');
  return options;
}
