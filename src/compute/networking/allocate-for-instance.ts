import type { NetworkClient } from '../../common/clients/network-client.js';
import type { NeutronNetwork, NeutronPort } from '../../common/clients/network-types.js';
import { BadRequest } from '../../common/http/errors.js';
import type { InstanceVif } from '../db/schema.js';
import type { RequestedNetwork } from '../rpc/request-spec.js';
import { availableNetworks } from './available-networks.js';
import {
  FixedIpAlreadyInUse,
  isNeutronError,
  NetworkNotFound,
  NoMoreFixedIps,
  PortBindingFailed,
  PortInUse,
  PortLimitExceeded,
  PortNotFound,
  PortNotUsable,
  SecurityGroupCannotBeApplied,
} from './errors.js';
import { buildNetworkInfo, type VifExtras } from './network-info.js';
import { deletePorts, unbindPorts } from './port-bindings.js';
import { findSecurityGroupId } from './security-group-api.js';

/** The instance as allocation needs it. */
export interface InstanceForNetworks {
  uuid: string;
  projectId: string;
  availabilityZone: string | null;
}

export interface Allocation {
  /** The instance's whole network info after the allocation. */
  networkInfo: InstanceVif[];
  /** The VIFs of the ports this allocation took (created or given). */
  allocated: InstanceVif[];
  /** The names of the security groups on the instance's ports. */
  securityGroupNames: string[];
}

/** `_ensure_no_port_binding_failure`. */
function checkBinding(port: NeutronPort): void {
  if (port['binding:vif_type'] === 'binding_failed') throw new PortBindingFailed(port.id);
}

/** `_validate_requested_port_ids`: each given port exists, is the project's, and is free. */
async function requestedPorts(
  client: NetworkClient,
  instance: InstanceForNetworks,
  requested: readonly RequestedNetwork[],
): Promise<Map<string, NeutronPort>> {
  const ports = new Map<string, NeutronPort>();
  for (const request of requested) {
    if (!request.portId) continue;
    const port = await client.getPort(request.portId);
    if (!port) throw new PortNotFound(request.portId);
    if (port.tenant_id !== instance.projectId) throw new PortNotUsable(request.portId, instance.uuid);
    if (port.device_id) throw new PortInUse(request.portId);
    checkBinding(port);
    ports.set(port.id, port);
  }
  return ports;
}

/**
 * `_clean_security_groups` and `_process_security_groups`: Neutron gives a port the project's
 * `default` group by itself; other groups (names or ids) become ids.
 */
async function securityGroupIds(
  client: NetworkClient,
  projectId: string,
  groups: readonly string[],
): Promise<string[]> {
  if (groups.length === 0 || (groups.length === 1 && groups[0] === 'default')) return [];
  return Promise.all(groups.map((group) => findSecurityGroupId(client, group, projectId)));
}

/** `_create_port_minimal`: a port on the network for the instance, with Nova's errors for Neutron's. */
async function createPort(
  client: NetworkClient,
  instance: InstanceForNetworks,
  networkId: string,
  fixedIp: string | null,
  groupIds: string[],
): Promise<NeutronPort> {
  try {
    const port = await client.createPort({
      device_id: instance.uuid,
      network_id: networkId,
      admin_state_up: true,
      tenant_id: instance.projectId,
      ...(fixedIp ? { fixed_ips: [{ ip_address: fixedIp }] } : {}),
      ...(groupIds.length > 0 ? { security_groups: groupIds } : {}),
    });
    try {
      checkBinding(port);
    } catch (error) {
      await client.deletePort(port.id);
      throw error;
    }
    return port;
  } catch (error) {
    if (isNeutronError(error, 'InvalidIpForNetwork', 'InvalidIpForSubnet'))
      throw new BadRequest(
        `Invalid input received: Fixed IP ${fixedIp} is not a valid ip address for network ${networkId}.`,
      );
    if (isNeutronError(error, 'IpAddressInUse', 'IpAddressAlreadyAllocated'))
      throw new FixedIpAlreadyInUse(`Fixed IP ${fixedIp} is already in use.`);
    if (isNeutronError(error, 'OverQuota')) throw new PortLimitExceeded();
    if (isNeutronError(error, 'IpAddressGenerationFailure')) throw new NoMoreFixedIps(networkId);
    throw error;
  }
}

/** The port security rules of `_create_ports_for_instance`: groups need addresses and port security. */
function checkSecurityGroupsApply(network: NeutronNetwork, groupIds: readonly string[]): void {
  if (network.port_security_enabled !== false) {
    if (network.subnets.length === 0) throw new SecurityGroupCannotBeApplied();
  } else if (groupIds.length > 0) {
    throw new SecurityGroupCannotBeApplied();
  }
}

/**
 * Nova's `allocate_for_instance`, as compute's service user: the given ports are checked, a port
 * is created on each requested network (the instance's project owns it), then every port is
 * claimed for the instance (`device_id`, `device_owner compute:<zone>`) and bound to `host`. On any
 * failure what was done is undone: created ports deleted, given ones unbound. `requested` is the
 * list the API resolved (an empty list allocates nothing); `previous` the current network info.
 */
export async function allocateForInstance(
  client: NetworkClient,
  instance: InstanceForNetworks,
  options: {
    requested: readonly RequestedNetwork[];
    securityGroups: readonly string[];
    host: string;
    previous: readonly InstanceVif[];
  },
): Promise<Allocation> {
  const { requested } = options;
  if (requested.length === 0)
    return { networkInfo: [...options.previous], allocated: [], securityGroupNames: [] };
  const given = await requestedPorts(client, instance, requested);
  const networkIdOf = (request: RequestedNetwork) =>
    request.portId ? given.get(request.portId)!.network_id : request.networkId!;
  const networks = new Map(
    (await availableNetworks(client, instance.projectId, requested.map(networkIdOf))).map((net) => [
      net.id,
      net,
    ]),
  );
  const missing = requested.find((request) => !request.portId && !networks.has(request.networkId!));
  if (missing) throw new NetworkNotFound(missing.networkId!);
  const groupIds = await securityGroupIds(client, instance.projectId, options.securityGroups);

  const created: string[] = [];
  const claimed: string[] = [];
  const extras = new Map<string, VifExtras>();
  try {
    const portIds: string[] = [];
    for (const request of requested) {
      const network = networks.get(networkIdOf(request));
      if (!network) continue;
      checkSecurityGroupsApply(network, groupIds);
      let portId = request.portId;
      if (!portId) {
        portId = (await createPort(client, instance, network.id, request.fixedIp, groupIds)).id;
        created.push(portId);
      }
      portIds.push(portId);
      extras.set(portId, { tag: request.tag, preserveOnDelete: request.portId !== null });
    }
    for (const portId of portIds) {
      const profile = given.get(portId)?.['binding:profile'];
      const updated = await client.updatePort(portId, {
        device_id: instance.uuid,
        device_owner: `compute:${instance.availabilityZone}`,
        'binding:host_id': options.host,
        ...(profile && Object.keys(profile).length > 0 ? { 'binding:profile': profile } : {}),
      });
      if (given.has(portId)) claimed.push(portId);
      checkBinding(updated);
    }
    const info = await buildNetworkInfo(client, instance.uuid, {
      previous: options.previous,
      order: portIds,
      extras,
    });
    return {
      networkInfo: info.networkInfo,
      allocated: info.networkInfo.filter((vif) => extras.has(vif.portId)),
      securityGroupNames: info.securityGroupNames,
    };
  } catch (error) {
    await unbindPorts(client, claimed, { detach: true });
    await deletePorts(client, created);
    if (isNeutronError(error, 'MacAddressInUse')) throw new PortInUse(error.detail);
    throw error;
  }
}
