import type { NetworkClient } from '../../common/clients/network-client.js';
import type { NeutronNetwork } from '../../common/clients/network-types.js';
import { BadRequest } from '../../common/http/errors.js';
import type { RequestedNetwork } from '../rpc/request-spec.js';
import { availableNetworks, isUnsharedExternal } from './available-networks.js';
import {
  ExternalNetworkAttachForbidden,
  FixedIpAlreadyInUse,
  NetworkAmbiguous,
  NetworkNotFound,
  NetworkRequiresSubnet,
  PortInUse,
  PortLimitExceeded,
  PortNotFound,
  PortRequiresFixedIp,
  SecurityGroupNotFound,
  UnableToAutoAllocateNetwork,
} from './errors.js';
import { findSecurityGroupId } from './security-group-api.js';

/** What a server create asked for: `networks` as given (null when left out, before 2.37). */
export type NetworksAsked = 'none' | 'auto' | RequestedNetwork[] | null;

export interface ValidatedNetworks {
  /** The networks each server gets, resolved: the project's only network for `auto`; empty for none. */
  networks: RequestedNetwork[];
  /** How many servers the project's port quota leaves room for (at most the max_count asked). */
  maxCount: number;
}

/** What Nova's server create answers for the errors it lets through: 400 where the API says so. */
const asBadRequest = (error: Error) => new BadRequest(error.message);

/** `_ports_needed_per_instance` for a list: the given ports are free, the networks exist and have subnets. */
async function checkRequestList(
  client: NetworkClient,
  projectId: string,
  requested: RequestedNetwork[],
): Promise<{ resolved: RequestedNetwork[]; networks: NeutronNetwork[]; portsNeeded: number }> {
  const resolved: RequestedNetwork[] = [];
  const networkIds: string[] = [];
  for (const request of requested) {
    if (request.portId) {
      const port = await client.getPort(request.portId);
      if (!port) throw asBadRequest(new PortNotFound(request.portId));
      if (port.device_id) throw new PortInUse(request.portId);
      const ipless = port.ip_allocation === 'deferred' || port.ip_allocation === 'none';
      if (!ipless && port.fixed_ips.length === 0) throw new PortRequiresFixedIp(request.portId);
      resolved.push({ ...request, networkId: port.network_id });
      continue;
    }
    networkIds.push(request.networkId!);
    if (request.fixedIp) {
      const holder = (
        await client.listPorts({ network_id: request.networkId!, fields: ['device_id', 'fixed_ips'] })
      ).find((port) => port.fixed_ips.some((ip) => ip.ip_address === request.fixedIp));
      if (holder) {
        throw new FixedIpAlreadyInUse(
          `Fixed IP address ${request.fixedIp} is already in use on instance ${holder.device_id}.`,
        );
      }
    }
    resolved.push(request);
  }
  const networks = networkIds.length > 0 ? await availableNetworks(client, projectId, networkIds) : [];
  for (const network of networks) {
    if (network.subnets.length === 0) throw new NetworkRequiresSubnet(network.id);
  }
  const found = new Set(networks.map((network) => network.id));
  const lost = [...new Set(networkIds)].filter((id) => !found.has(id));
  if (lost.length > 0) throw asBadRequest(new NetworkNotFound(lost.join(', ')));
  return { resolved, networks, portsNeeded: networkIds.length };
}

/** `validate_networks`' quota part: how many servers the free ports of the project allow. */
async function serversWithinPortQuota(
  client: NetworkClient,
  projectId: string,
  portsPerServer: number,
  maxCount: number,
): Promise<number> {
  if (portsPerServer === 0) return maxCount;
  const quota = await client.getQuota(projectId);
  const limit = quota?.port ?? -1;
  if (limit === -1) return maxCount;
  const used = (await client.listPorts({ tenant_id: projectId, fields: 'id' })).length;
  const free = limit - used;
  if (free < 0)
    throw new PortLimitExceeded(`The number of defined ports: ${used} is over the limit: ${limit}`);
  return Math.min(maxCount, Math.floor(free / portsPerServer));
}

/**
 * Nova's `validate_networks` at server create, with the caller's token, and what
 * `_validate_requested_network_ids` decides at the compute host, decided here where the caller's
 * view of the networks is known: `auto` (and, before 2.37, no `networks`) takes the project's one
 * network, ambiguous with several; with none, `auto` needs Neutron's auto-allocated topology,
 * which Stratus has not, and no `networks` boots without one. An external network needs
 * `mayAttachExternal` (Nova's `network:attach_external_network`).
 */
export async function validateNetworks(
  client: NetworkClient,
  projectId: string,
  asked: NetworksAsked,
  options: { maxCount: number; mayAttachExternal: () => boolean },
): Promise<ValidatedNetworks> {
  if (asked === 'none') return { networks: [], maxCount: options.maxCount };
  let resolved: RequestedNetwork[];
  let networks: NeutronNetwork[];
  let portsNeeded: number;
  if (asked === 'auto' || asked === null || asked.length === 0) {
    networks = await availableNetworks(client, projectId);
    if (networks.length > 1) throw new NetworkAmbiguous();
    if (networks.length === 0 && asked === 'auto') throw new UnableToAutoAllocateNetwork(projectId);
    resolved = networks.map((network) => ({ networkId: network.id, portId: null, fixedIp: null, tag: null }));
    portsNeeded = 1;
  } else {
    ({ resolved, networks, portsNeeded } = await checkRequestList(client, projectId, asked));
  }
  const external = networks.find(isUnsharedExternal);
  if (external && !options.mayAttachExternal()) throw new ExternalNetworkAttachForbidden(external.id);
  const maxCount = await serversWithinPortQuota(client, projectId, portsNeeded, options.maxCount);
  return { networks: resolved, maxCount };
}

/**
 * `_check_requested_secgroups`: each group but `default` exists for the caller (by name in the
 * project, or by id); a missing one is a 400 at server create, a name several groups have a 409.
 */
export async function validateSecurityGroups(
  client: NetworkClient,
  projectId: string,
  groups: readonly string[],
): Promise<void> {
  for (const group of groups) {
    if (group === 'default') continue;
    await findSecurityGroupId(client, group, projectId).catch((error: unknown) => {
      throw error instanceof SecurityGroupNotFound ? asBadRequest(error) : error;
    });
  }
}
