import { RemoteError } from '../../common/bus/index.js';
import type { NetworkClient } from '../../common/clients/network-client.js';
import type { NeutronPort } from '../../common/clients/network-types.js';
import { ApiError, BadRequest, NotFound } from '../../common/http/errors.js';
import type { ComputeDeps, NetworkLinks } from '../deps.js';
import { InstanceNotReady } from '../instances/actions.js';
import { InstanceRepo, networkInfoOf, type InstanceRow } from '../instances/instance-repo.js';
import type {
  Caller,
  InterfaceAttachment,
  InterfaceRequest,
  NetworkService,
} from '../instances/network-service.js';
import { COMPUTE_TOPIC, type ComputeMethods } from '../rpc/compute-api.js';
import { RpcClient } from '../../common/bus/index.js';
import { availableNetworks, isUnsharedExternal } from './available-networks.js';
import { deallocateForInstance } from './deallocate.js';
import {
  ExternalNetworkAttachForbidden,
  InterfaceAttachFailedNoNetwork,
  NetworkAmbiguous,
  NetworkNotFound,
  PortInUse,
  PortNotFound,
} from './errors.js';
import { buildNetworkInfo } from './network-info.js';
import { requestedPortIdsOf } from './requested-networks.js';
import { addToInstance, instanceGroupNames, removeFromInstance } from './security-group-api.js';
import { validateNetworks, validateSecurityGroups, type NetworksAsked } from './validate-networks.js';

const ATTACH_EXTERNAL = 'network:attach_external_network';

/** `_translate_interface_attachment_view` of a port, with the tag the network info keeps. */
function attachmentOf(port: NeutronPort, instance: InstanceRow): InterfaceAttachment {
  return {
    net_id: port.network_id,
    port_id: port.id,
    mac_addr: port.mac_address,
    port_state: port.status,
    fixed_ips: port.fixed_ips ?? null,
    tag: networkInfoOf(instance).find((vif) => vif.portId === port.id)?.tag ?? null,
  };
}

/** An API error an agent raised keeps its status and message; anything else stays a 500. */
function fromAgent(error: unknown): never {
  if (error instanceof RemoteError && typeof error.details.status === 'number')
    throw new ApiError(error.details.status, error.message);
  throw error;
}

/**
 * Refreshes a server's network info from Neutron (Nova's `@refresh_cache`), after its floating
 * IPs or security groups changed through the API.
 */
export async function refreshInstanceNetworkInfo(
  deps: ComputeDeps,
  client: NetworkClient,
  instanceUuid: string,
): Promise<void> {
  const repo = new InstanceRepo(deps.db, deps.now);
  const row = await repo.find(instanceUuid);
  if (!row) return;
  const info = await buildNetworkInfo(client, instanceUuid, { previous: networkInfoOf(row) });
  await repo.save(instanceUuid, {
    network_info: JSON.stringify(info.networkInfo),
    ...(info.networkInfo.length > 0 ? { security_groups: JSON.stringify(info.securityGroupNames) } : {}),
  });
}

/** The network service of a cloud with Neutron: the user's requests with their token, bindings as compute. */
export class NeutronNetworkService implements NetworkService {
  constructor(
    private readonly deps: ComputeDeps,
    private readonly links: NetworkLinks,
  ) {}

  private user(caller: Caller): NetworkClient {
    return this.links.asUser(caller.context.token);
  }

  private agentOf(instance: InstanceRow): RpcClient<ComputeMethods> {
    if (!instance.host) throw new InstanceNotReady(instance.uuid);
    return new RpcClient<ComputeMethods>(this.deps.bus, COMPUTE_TOPIC).at(instance.host);
  }

  async validateServerCreate(
    caller: Caller,
    asked: NetworksAsked,
    securityGroups: readonly string[],
    options: { maxCount: number; mayAttachExternal: () => boolean },
  ) {
    const client = this.user(caller);
    await validateSecurityGroups(client, caller.rpc.projectId, securityGroups);
    return validateNetworks(client, caller.rpc.projectId, asked, options);
  }

  async listInterfaces(caller: Caller, instance: InstanceRow): Promise<InterfaceAttachment[]> {
    const ports = await this.user(caller).listPorts({ device_id: instance.uuid });
    return ports.map((port) => attachmentOf(port, instance));
  }

  async showInterface(caller: Caller, instance: InstanceRow, portId: string): Promise<InterfaceAttachment> {
    const port = await this.user(caller).getPort(portId);
    if (!port) throw new PortNotFound(portId);
    if (port.device_id !== instance.uuid)
      throw new NotFound(`Instance ${instance.uuid} does not have a port with id ${portId}`);
    return attachmentOf(port, instance);
  }

  /**
   * The request checked with the caller's view of Neutron (the agent acts as compute's service
   * user, which sees everything): the port or network exists for the caller; with neither, the
   * project's one network. Then the server's host allocates and plugs it.
   */
  async attachInterface(
    caller: Caller,
    instance: InstanceRow,
    request: InterfaceRequest,
  ): Promise<InterfaceAttachment> {
    const client = this.user(caller);
    let resolved = request;
    if (request.portId) {
      const port = await client.getPort(request.portId);
      if (!port) throw new PortNotFound(request.portId);
      if (port.device_id) throw new PortInUse(request.portId);
    } else {
      const projectId = caller.rpc.projectId;
      const networks = request.networkId
        ? await availableNetworks(client, projectId, [request.networkId])
        : await availableNetworks(client, projectId);
      if (request.networkId && networks.length === 0) throw new NetworkNotFound(request.networkId);
      if (networks.length === 0) throw new InterfaceAttachFailedNoNetwork(projectId);
      if (networks.length > 1) throw new BadRequest(new NetworkAmbiguous().message);
      const external = networks.find(isUnsharedExternal);
      if (external && !this.deps.policy.check(ATTACH_EXTERNAL, { project_id: projectId }, caller.context))
        throw new ExternalNetworkAttachForbidden(external.id);
      resolved = { ...request, networkId: networks[0].id };
    }
    const vif = await this.agentOf(instance)
      .call('attach_interface', { context: caller.rpc, instanceUuid: instance.uuid, request: resolved })
      .catch(fromAgent);
    const saved = (await new InstanceRepo(this.deps.db, this.deps.now).find(instance.uuid)) ?? instance;
    return this.showInterface(caller, saved, vif.portId);
  }

  async detachInterface(caller: Caller, instance: InstanceRow, portId: string): Promise<void> {
    await this.agentOf(instance).cast('detach_interface', {
      context: caller.rpc,
      instanceUuid: instance.uuid,
      portId,
    });
  }

  async addSecurityGroup(caller: Caller, instance: InstanceRow, name: string): Promise<void> {
    await addToInstance(this.user(caller), instance.uuid, caller.rpc.projectId, name);
    await this.saveGroupNames(instance);
  }

  async removeSecurityGroup(caller: Caller, instance: InstanceRow, name: string): Promise<void> {
    await removeFromInstance(this.user(caller), instance.uuid, caller.rpc.projectId, name);
    await this.saveGroupNames(instance);
  }

  async deallocateForInstance(instance: InstanceRow): Promise<void> {
    const failures = await deallocateForInstance(this.links.admin, instance.uuid, {
      networkInfo: networkInfoOf(instance),
      requestedPortIds: await requestedPortIdsOf(this.deps.db, instance.uuid),
    });
    for (const { portId, error } of failures)
      this.deps.logger.warn({ err: error, instance: instance.uuid, portId }, 'could not unbind a port');
  }

  /** The server views show the groups of the server's ports. */
  private async saveGroupNames(instance: InstanceRow): Promise<void> {
    const names = await instanceGroupNames(this.links.admin, instance.uuid);
    await new InstanceRepo(this.deps.db, this.deps.now).save(instance.uuid, {
      security_groups: JSON.stringify(names),
    });
  }
}
