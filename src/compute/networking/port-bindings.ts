import type { NetworkClient } from '../../common/clients/network-client.js';
import { isNeutronStatus } from './errors.js';
import type { InstanceForNetworks } from './allocate-for-instance.js';

/** A port operation that failed on the way, for the caller to log (Nova logs and goes on). */
export interface PortFailure {
  portId: string;
  error: unknown;
}

/** What Nova strips from a binding profile when it lets a port go: the host's device details. */
const HOST_PROFILE_KEYS = [
  'pci_vendor_info',
  'pci_slot',
  'allocation',
  'arq_uuid',
  'physical_network',
  'card_serial_number',
  'vf_num',
  'pf_mac_address',
  'device_mac_address',
];

/**
 * `_unbind_ports`: each port loses its host binding (and, when `detach`, its device), as compute's
 * service user. A port already gone is skipped; other failures are returned, not thrown.
 */
export async function unbindPorts(
  client: NetworkClient,
  portIds: readonly string[],
  options: { detach: boolean },
): Promise<PortFailure[]> {
  const failures: PortFailure[] = [];
  for (const portId of portIds) {
    try {
      const port = await client.getPort(portId);
      if (!port) continue;
      const profile = Object.fromEntries(
        Object.entries(port['binding:profile'] ?? {}).filter(([key]) => !HOST_PROFILE_KEYS.includes(key)),
      );
      // Nova sends None, which Neutron's ML2 takes as '' (no host): '' says the same to any Neutron.
      await client.updatePort(portId, {
        'binding:host_id': '',
        'binding:profile': profile,
        ...(options.detach ? { device_id: '', device_owner: '' } : {}),
      });
    } catch (error) {
      if (!isNeutronStatus(error, 404)) failures.push({ portId, error });
    }
  }
  return failures;
}

/** `_delete_ports`: a port already gone is fine; with `raiseIfFail` the first other failure is thrown. */
export async function deletePorts(
  client: NetworkClient,
  portIds: readonly string[],
  options: { raiseIfFail?: boolean } = {},
): Promise<PortFailure[]> {
  const failures: PortFailure[] = [];
  for (const portId of portIds) {
    try {
      await client.deletePort(portId);
    } catch (error) {
      failures.push({ portId, error });
    }
  }
  if (options.raiseIfFail && failures.length > 0) throw failures[0].error;
  return failures;
}

/**
 * `_update_port_binding_for_instance` (Nova's `setup_instance_network_on_host` and
 * `migrate_instance_finish` without port binding extensions): every port of the instance that is
 * bound elsewhere, or not bound at all, is bound to `host`, its device owner in the instance's zone.
 */
export async function bindPortsToHost(
  client: NetworkClient,
  instance: InstanceForNetworks,
  host: string,
): Promise<void> {
  const ports = await client.listPorts({ device_id: instance.uuid, tenant_id: instance.projectId });
  for (const port of ports) {
    const vifType = port['binding:vif_type'];
    if (port['binding:host_id'] === host && vifType !== 'unbound' && vifType !== 'binding_failed') continue;
    await client.updatePort(port.id, {
      'binding:host_id': host,
      device_owner: `compute:${instance.availabilityZone}`,
    });
  }
}
