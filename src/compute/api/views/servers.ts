import { createHash } from 'node:crypto';
import type { Microversion } from '../../../common/http/microversion.js';
import {
  flavorOf,
  networkInfoOf,
  securityGroupsOf,
  systemMetadataOf,
  type InstanceRow,
} from '../../instances/instance-repo.js';
import { HostStatus, type ServerDetails } from '../../instances/server-details.js';
import { apiStatus, ServerStatus } from '../../instances/states.js';
import { resourceLinks } from './links.js';
import { novaTime } from './services.js';

/**
 * The server views (nova/api/openstack/compute/views/servers.py): the create answer, the brief
 * entry of `GET /servers`, and the detailed server of show, update and `GET /servers/detail`,
 * each field from the microversion that brought it.
 */

/** Microversions that change what a server shows. */
export const SERVER_EMBEDDED_FLAVOR = '2.47';
export const SERVER_ALL_ATTRIBUTES_ON_UPDATE = '2.75';

/** The system metadata key the server's `OS-DCF:diskConfig` is kept under ('True' for AUTO). */
export const AUTO_DISK_CONFIG_KEY = 'auto_disk_config';

/** Statuses that show `progress`, and those that show a `fault`. */
const PROGRESS_STATUSES: readonly string[] = [
  'ACTIVE',
  'BUILD',
  'REBUILD',
  'RESIZE',
  'VERIFY_RESIZE',
  'MIGRATING',
];
const FAULT_STATUSES: readonly string[] = ['ERROR', 'DELETED'];

/** `utils.isotime`: seconds, `Z`. */
export const isoTime = (iso: string) => iso.replace(/\.\d+Z$/, 'Z');

/** `_get_vm_status`: a deleted instance is DELETED whatever its states say. */
export function serverStatus(row: Pick<InstanceRow, 'deleted' | 'vm_state' | 'task_state'>): string {
  return row.deleted ? ServerStatus.DELETED : apiStatus(row.vm_state, row.task_state);
}

/** `utils.generate_hostid`: sha224 of project and host, '' without a host. */
export function hostId(row: Pick<InstanceRow, 'host' | 'project_id'>): string {
  return row.host
    ? createHash('sha224')
        .update(row.project_id + row.host)
        .digest('hex')
    : '';
}

/** `instance.name`: Nova's `instance_name_template` `instance-%08x` of the internal id. */
export const instanceName = (row: Pick<InstanceRow, 'id'>) =>
  `instance-${row.id.toString(16).padStart(8, '0')}`;

export const diskConfigOf = (row: Pick<InstanceRow, 'system_metadata'>) =>
  systemMetadataOf(row)[AUTO_DISK_CONFIG_KEY] === 'True' ? 'AUTO' : 'MANUAL';

/** `addresses`, grouped by network name; the type and MAC from 2.1 only where `extended`. */
export function addressesOf(row: Pick<InstanceRow, 'network_info'>, extended: boolean) {
  const addresses: Record<string, Record<string, unknown>[]> = {};
  for (const vif of networkInfoOf(row)) {
    const list = (addresses[vif.networkLabel] ??= []);
    // Fixed addresses first, then floating ones, as Nova chains them per network.
    const ordered = [
      ...vif.ips.filter((ip) => ip.type === 'fixed'),
      ...vif.ips.filter((ip) => ip.type !== 'fixed'),
    ];
    for (const ip of ordered) {
      list.push({
        version: ip.version,
        addr: ip.address,
        ...(extended ? { 'OS-EXT-IPS:type': ip.type, 'OS-EXT-IPS-MAC:mac_addr': vif.macAddress } : {}),
      });
    }
  }
  return addresses;
}

/** The create answer: id, links, disk config, and the security groups as the request named them. */
export function serverCreated(
  row: InstanceRow,
  baseUrl: string,
  requestedGroups: unknown[] | undefined,
  adminPass: string | null,
) {
  return {
    server: {
      id: row.uuid,
      links: resourceLinks(baseUrl, 'servers', row.uuid),
      'OS-DCF:diskConfig': diskConfigOf(row),
      security_groups: requestedGroups ?? [{ name: 'default' }],
      ...(adminPass === null ? {} : { adminPass }),
    },
  };
}

/** An entry of `GET /servers`. */
export function serverBrief(row: InstanceRow, baseUrl: string) {
  return { id: row.uuid, name: row.display_name, links: resourceLinks(baseUrl, 'servers', row.uuid) };
}

/** What a detailed view shows besides the fields every one has; PUT before 2.75 shows less. */
export interface DetailOptions {
  version: Microversion;
  baseUrl: string;
  /** Fault details go to admins, and to anyone for faults other than 500. */
  isAdmin: boolean;
  showExtraSpecs: boolean;
  /** `os_compute_api:os-extended-server-attributes`. */
  showExtendedAttributes: boolean;
  /** Host status shown: 'all', 'unknown-only' (policy), or not at all. */
  hostStatus: 'all' | 'unknown-only' | null;
  showServerGroups: boolean;
  /** false for PUT before 2.75: no extended addresses, zone, config drive, key, usage, groups, states, volumes. */
  full: boolean;
}

function imageOf(row: InstanceRow, baseUrl: string) {
  if (!row.image_ref) return '';
  return { id: row.image_ref, links: [{ rel: 'bookmark', href: `${baseUrl}/images/${row.image_ref}` }] };
}

function flavorView(row: InstanceRow, options: DetailOptions) {
  const flavor = flavorOf(row);
  if (options.version.below(SERVER_EMBEDDED_FLAVOR)) {
    return { id: flavor.id, links: [{ rel: 'bookmark', href: `${options.baseUrl}/flavors/${flavor.id}` }] };
  }
  return {
    vcpus: flavor.vcpus,
    ram: flavor.memoryMb,
    disk: flavor.rootGb,
    ephemeral: flavor.ephemeralGb,
    swap: flavor.swapMb,
    original_name: flavor.name,
    ...(options.showExtraSpecs ? { extra_specs: flavor.extraSpecs } : {}),
  };
}

function faultOf(row: InstanceRow, details: ServerDetails, isAdmin: boolean) {
  const fault = details.faults.get(row.uuid);
  if (!fault) return {};
  const showDetails = fault.details && (isAdmin || fault.code !== 500);
  return {
    fault: {
      code: fault.code,
      created: isoTime(fault.created_at),
      message: fault.message,
      ...(showDetails ? { details: fault.details } : {}),
    },
  };
}

/** The detailed server (`ViewBuilder.show`). */
export function serverDetail(row: InstanceRow, details: ServerDetails, options: DetailOptions) {
  const { version, full } = options;
  const at = (v: string) => version.atLeast(v);
  const status = serverStatus(row);
  const server: Record<string, unknown> = {
    id: row.uuid,
    name: row.display_name,
    status,
    tenant_id: row.project_id,
    user_id: row.user_id,
    metadata: details.metadata.get(row.uuid) ?? {},
    hostId: hostId(row),
    image: imageOf(row, options.baseUrl),
    flavor: flavorView(row, options),
    created: isoTime(row.created_at),
    updated: isoTime(row.updated_at ?? row.created_at),
    // Addresses are hidden while the server builds.
    addresses: row.vm_state === 'building' ? {} : addressesOf(row, full),
    accessIPv4: row.access_ip_v4 ?? '',
    accessIPv6: row.access_ip_v6 ?? '',
    links: resourceLinks(options.baseUrl, 'servers', row.uuid),
    'OS-DCF:diskConfig': diskConfigOf(row),
    ...(FAULT_STATUSES.includes(status) ? faultOf(row, details, options.isAdmin) : {}),
    ...(PROGRESS_STATUSES.includes(status) ? { progress: row.progress } : {}),
  };
  if (full) {
    server['OS-EXT-AZ:availability_zone'] = details.zones.get(row.uuid) ?? '';
    server.config_drive = row.config_drive ? 'True' : '';
    server.key_name = row.key_name;
    server['OS-SRV-USG:launched_at'] = novaTime(row.launched_at);
    server['OS-SRV-USG:terminated_at'] = novaTime(row.terminated_at);
    // Security groups come from the server's ports; a server without any shows none.
    const groups = [...new Set(securityGroupsOf(row))];
    if (networkInfoOf(row).length > 0 && groups.length > 0)
      server.security_groups = groups.map((name) => ({ name }));
  }
  if (options.showExtendedAttributes) {
    server['OS-EXT-SRV-ATTR:host'] = row.host;
    server['OS-EXT-SRV-ATTR:instance_name'] = instanceName(row);
    server['OS-EXT-SRV-ATTR:hypervisor_hostname'] = row.node;
    if (at('2.3')) {
      const system = systemMetadataOf(row);
      Object.assign(server, {
        'OS-EXT-SRV-ATTR:reservation_id': row.reservation_id,
        'OS-EXT-SRV-ATTR:launch_index': row.launch_index,
        'OS-EXT-SRV-ATTR:hostname': row.hostname,
        'OS-EXT-SRV-ATTR:kernel_id': system.image_kernel_id ?? '',
        'OS-EXT-SRV-ATTR:ramdisk_id': system.image_ramdisk_id ?? '',
        'OS-EXT-SRV-ATTR:root_device_name': row.root_device_name,
        'OS-EXT-SRV-ATTR:user_data': row.user_data,
      });
    }
  }
  if (full) {
    server['OS-EXT-STS:task_state'] = row.task_state;
    server['OS-EXT-STS:vm_state'] = row.vm_state;
    server['OS-EXT-STS:power_state'] = row.power_state;
    server['os-extended-volumes:volumes_attached'] = (details.volumes.get(row.uuid) ?? []).map((volume) => ({
      id: volume.id,
      ...(at('2.3') ? { delete_on_termination: volume.deleteOnTermination } : {}),
    }));
  }
  if (at('2.16') && options.hostStatus) {
    const hostStatus = details.hostStatus.get(row.uuid) ?? HostStatus.NONE;
    if (options.hostStatus === 'all' || hostStatus === HostStatus.UNKNOWN) server.host_status = hostStatus;
  }
  if (at('2.9')) server.locked = row.locked_by !== null;
  if (at('2.73')) server.locked_reason = row.locked_reason;
  if (at('2.19')) server.description = row.display_description;
  if (at('2.26')) server.tags = details.tags.get(row.uuid) ?? [];
  if (at('2.63')) {
    server.trusted_image_certificates = row.trusted_image_certificates
      ? (JSON.parse(row.trusted_image_certificates) as string[])
      : null;
  }
  if (at('2.90') && !options.showExtendedAttributes) server['OS-EXT-SRV-ATTR:hostname'] = row.hostname;
  if (options.showServerGroups) server.server_groups = details.serverGroups.get(row.uuid) ?? [];
  return server;
}
