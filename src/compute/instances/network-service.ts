import type { RequestContext } from '../../common/auth/context.js';
import { BadRequest } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { NetworkNotFound, PortNotFound, SecurityGroupNotFound } from '../networking/errors.js';
import { NeutronNetworkService } from '../networking/neutron-network-service.js';
import type { NetworksAsked, ValidatedNetworks } from '../networking/validate-networks.js';
import type { RequestedNetwork } from '../rpc/request-spec.js';
import type { RpcContext } from '../rpc/context.js';
import { InstanceRepo, networkInfoOf, securityGroupsOf, type InstanceRow } from './instance-repo.js';

export { NetworkNotFound, PortNotFound };

/** What `POST /servers/{id}/os-interface` asks for: a network (and maybe an address) or a port. */
export type InterfaceRequest = RequestedNetwork;

/** A port of a server as os-interface shows it (`_translate_interface_attachment_view`). */
export interface InterfaceAttachment {
  net_id: string;
  port_id: string;
  mac_addr: string;
  port_state: string;
  fixed_ips: { subnet_id?: string; ip_address: string }[] | null;
  tag: string | null;
}

/** Who asks: the user's request (their token reaches the network service) and its RPC context. */
export interface Caller {
  context: RequestContext;
  rpc: RpcContext;
}

/**
 * What the compute API asks of the network service (Nova's `neutron.API` and
 * `security_group_api` as the API uses them). Errors are the API's, as Nova words them.
 */
export interface NetworkService {
  /**
   * At server create (`validate_networks`, `_check_requested_secgroups`): the networks each server
   * gets, resolved (`auto` is the project's one network), and how many servers the port quota allows.
   */
  validateServerCreate(
    caller: Caller,
    asked: NetworksAsked,
    securityGroups: readonly string[],
    options: { maxCount: number; mayAttachExternal: () => boolean },
  ): Promise<ValidatedNetworks>;
  listInterfaces(caller: Caller, instance: InstanceRow): Promise<InterfaceAttachment[]>;
  showInterface(caller: Caller, instance: InstanceRow, portId: string): Promise<InterfaceAttachment>;
  /** Gives the server a new interface through its host's agent; returns it. */
  attachInterface(
    caller: Caller,
    instance: InstanceRow,
    request: InterfaceRequest,
  ): Promise<InterfaceAttachment>;
  /** Has the server's host take the port off it (and delete it when compute created it). */
  detachInterface(caller: Caller, instance: InstanceRow, portId: string): Promise<void>;
  addSecurityGroup(caller: Caller, instance: InstanceRow, name: string): Promise<void>;
  removeSecurityGroup(caller: Caller, instance: InstanceRow, name: string): Promise<void>;
  /** Frees the ports of a server deleted without its host (Nova's `_local_delete`). */
  deallocateForInstance(instance: InstanceRow): Promise<void>;
}

/** A server's ports from its network info: all the API knows of them without a network service. */
function cachedInterfaces(instance: InstanceRow): InterfaceAttachment[] {
  return networkInfoOf(instance).map((vif) => ({
    net_id: vif.networkId,
    port_id: vif.portId,
    mac_addr: vif.macAddress,
    port_state: 'ACTIVE',
    fixed_ips: vif.ips.filter((ip) => ip.type === 'fixed').map((ip) => ({ ip_address: ip.address })),
    tag: vif.tag,
  }));
}

/**
 * A cloud without a network service: servers get no networks, so no port or network asked for
 * exists, and a project has none to attach by default. Security groups are only names kept on
 * the instance (what its ports would get).
 */
export class NoNetworkService implements NetworkService {
  constructor(private readonly deps: ComputeDeps) {}

  async validateServerCreate(
    _caller: Caller,
    asked: NetworksAsked,
    _groups: readonly string[],
    options: { maxCount: number },
  ): Promise<ValidatedNetworks> {
    for (const network of Array.isArray(asked) ? asked : []) {
      if (network.portId) throw new BadRequest(new PortNotFound(network.portId).message);
      if (network.networkId) throw new BadRequest(new NetworkNotFound(network.networkId).message);
    }
    return { networks: [], maxCount: options.maxCount };
  }

  async listInterfaces(_caller: Caller, instance: InstanceRow): Promise<InterfaceAttachment[]> {
    return cachedInterfaces(instance);
  }

  async showInterface(_caller: Caller, instance: InstanceRow, portId: string): Promise<InterfaceAttachment> {
    const found = cachedInterfaces(instance).find((attachment) => attachment.port_id === portId);
    if (!found) throw new PortNotFound(portId);
    return found;
  }

  async attachInterface(caller: Caller, _instance: InstanceRow, request: InterfaceRequest): Promise<never> {
    if (request.portId) throw new PortNotFound(request.portId);
    if (request.networkId) throw new NetworkNotFound(request.networkId);
    throw new BadRequest(
      `No specific network was requested and none are available for project '${caller.rpc.projectId}'.`,
    );
  }

  async detachInterface(_caller: Caller, _instance: InstanceRow, portId: string): Promise<void> {
    throw new PortNotFound(portId);
  }

  async addSecurityGroup(_caller: Caller, instance: InstanceRow, name: string): Promise<void> {
    const groups = securityGroupsOf(instance);
    if (!groups.includes(name)) await this.saveGroups(instance, [...groups, name]);
  }

  async removeSecurityGroup(_caller: Caller, instance: InstanceRow, name: string): Promise<void> {
    const groups = securityGroupsOf(instance);
    // Nova (with Neutron) answers a group on none of the server's ports with a 404.
    if (!groups.includes(name)) {
      throw new SecurityGroupNotFound(
        `Security group ${name} not associated with the instance ${instance.uuid}`,
      );
    }
    await this.saveGroups(
      instance,
      groups.filter((group) => group !== name),
    );
  }

  async deallocateForInstance(): Promise<void> {}

  private async saveGroups(instance: InstanceRow, groups: string[]): Promise<void> {
    await new InstanceRepo(this.deps.db, this.deps.now).save(instance.uuid, {
      security_groups: JSON.stringify(groups),
    });
  }
}

/** The network service compute uses: Neutron's where the cloud has one, else none. */
export function networkServiceFor(deps: ComputeDeps): NetworkService {
  return deps.network ? new NeutronNetworkService(deps, deps.network) : new NoNetworkService(deps);
}
