import type { Kysely, Selectable } from 'kysely';
import { AggregatesRepo } from '../aggregates/aggregates-repo.js';
import { DEFAULT_ZONE, hostZones } from '../aggregates/availability-zones.js';
import type { ComputeSchema, InstanceFaultTable } from '../db/schema.js';
import { ServiceRegistry } from '../services/service-registry.js';
import type { InstanceRow } from './instance-repo.js';

export type FaultRow = Selectable<InstanceFaultTable>;

/** A volume of a server as `os-extended-volumes:volumes_attached` lists it. */
export interface AttachedVolume {
  id: string;
  deleteOnTermination: boolean;
}

/** Nova's HostStatus values (nova/objects/fields.py); NONE is ''. */
export const HostStatus = {
  UP: 'UP',
  DOWN: 'DOWN',
  MAINTENANCE: 'MAINTENANCE',
  UNKNOWN: 'UNKNOWN',
  NONE: '',
} as const;

/** What the detailed view of some servers needs besides their rows, read with one query per kind. */
export interface ServerDetails {
  metadata: Map<string, Record<string, string>>;
  tags: Map<string, string[]>;
  faults: Map<string, FaultRow>;
  volumes: Map<string, AttachedVolume[]>;
  /** Each server's `host_status`, when asked for. */
  hostStatus: Map<string, string>;
  /** Each server's zone: its host's aggregate zone (or the default), or the one it asked for. */
  zones: Map<string, string | null>;
  /** The server group each server belongs to, when asked for. */
  serverGroups: Map<string, string[]>;
}

export interface DetailsWanted {
  tags?: boolean;
  /** Faults are shown for ERROR and DELETED servers only; pass those. */
  faultsOf?: string[];
  volumes?: boolean;
  hostStatus?: boolean;
  zones?: boolean;
  serverGroups?: boolean;
}

/** `get_instance_host_status`: from the nova-compute service of the server's host. */
function hostStatusOf(
  row: InstanceRow,
  services: Map<string, Selectable<ComputeSchema['services']>>,
  registry: ServiceRegistry,
  now: Date,
): string {
  if (!row.host) return HostStatus.NONE;
  const service = services.get(row.host);
  if (!service) return HostStatus.NONE;
  if (service.forced_down === 1) return HostStatus.DOWN;
  if (service.disabled === 1) return HostStatus.MAINTENANCE;
  return registry.isUp(service, now) ? HostStatus.UP : HostStatus.UNKNOWN;
}

/** Reads what `wanted` asks for about `rows` (metadata always), with IN queries over their uuids. */
export async function loadServerDetails(
  db: Kysely<ComputeSchema>,
  rows: InstanceRow[],
  wanted: DetailsWanted,
  now: Date,
): Promise<ServerDetails> {
  const uuids = rows.map((row) => row.uuid);
  const details: ServerDetails = {
    metadata: new Map(uuids.map((uuid) => [uuid, {}])),
    tags: new Map(uuids.map((uuid) => [uuid, []])),
    faults: new Map(),
    volumes: new Map(uuids.map((uuid) => [uuid, []])),
    hostStatus: new Map(),
    zones: new Map(),
    serverGroups: new Map(uuids.map((uuid) => [uuid, []])),
  };
  if (uuids.length === 0) return details;
  const hosts = [...new Set(rows.map((row) => row.host).filter((host): host is string => !!host))];

  const [metadata, tags, faults, volumes, services, aggregates, groups] = await Promise.all([
    db.selectFrom('instance_metadata').selectAll().where('instance_uuid', 'in', uuids).execute(),
    wanted.tags
      ? db
          .selectFrom('instance_tags')
          .selectAll()
          .where('instance_uuid', 'in', uuids)
          .orderBy('tag')
          .execute()
      : [],
    wanted.faultsOf?.length
      ? db
          .selectFrom('instance_faults')
          .selectAll()
          .where('instance_uuid', 'in', wanted.faultsOf)
          .orderBy('id', 'desc')
          .execute()
      : [],
    wanted.volumes
      ? db
          .selectFrom('block_device_mappings')
          .select(['instance_uuid', 'volume_id', 'delete_on_termination'])
          .where('instance_uuid', 'in', uuids)
          .where('volume_id', 'is not', null)
          .orderBy('id')
          .execute()
      : [],
    wanted.hostStatus && hosts.length > 0
      ? db
          .selectFrom('services')
          .selectAll()
          .where('binary', '=', 'nova-compute')
          .where('host', 'in', hosts)
          .execute()
      : [],
    wanted.zones && hosts.length > 0 ? new AggregatesRepo(db).list() : [],
    wanted.serverGroups
      ? db
          .selectFrom('server_group_members')
          .innerJoin('server_groups', 'server_groups.id', 'server_group_members.group_id')
          .select(['server_group_members.instance_uuid', 'server_groups.uuid'])
          .where('server_group_members.instance_uuid', 'in', uuids)
          .execute()
      : [],
  ]);
  for (const row of metadata) details.metadata.get(row.instance_uuid)![row.key] = row.value;
  for (const row of tags) details.tags.get(row.instance_uuid)!.push(row.tag);
  for (const row of faults)
    if (!details.faults.has(row.instance_uuid)) details.faults.set(row.instance_uuid, row);
  for (const row of volumes) {
    details.volumes
      .get(row.instance_uuid)!
      .push({ id: row.volume_id as string, deleteOnTermination: row.delete_on_termination === 1 });
  }
  for (const row of groups) details.serverGroups.get(row.instance_uuid)!.push(row.uuid);
  if (wanted.hostStatus) {
    const registry = new ServiceRegistry(db);
    const byHost = new Map(services.map((service) => [service.host, service]));
    for (const row of rows) details.hostStatus.set(row.uuid, hostStatusOf(row, byHost, registry, now));
  }
  if (wanted.zones) {
    const zones = hostZones(aggregates);
    for (const row of rows) {
      details.zones.set(row.uuid, row.host ? (zones.get(row.host) ?? DEFAULT_ZONE) : row.availability_zone);
    }
  }
  return details;
}
