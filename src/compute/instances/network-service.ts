import { BadRequest, NotFound } from '../../common/http/errors.js';
import type { InstanceVif } from '../db/schema.js';
import type { ComputeDeps } from '../deps.js';
import type { RpcContext } from '../rpc/context.js';
import type { InstanceRow } from './instance-repo.js';

/** What `POST /servers/{id}/os-interface` asks for: a network (and maybe an address) or a port. */
export interface InterfaceRequest {
  networkId: string | null;
  portId: string | null;
  fixedIp: string | null;
  tag: string | null;
}

/**
 * What the compute API asks of the network service for interface attachments (Nova's
 * `neutron.API` and the attach/detach the agent does with it). Errors are the API's: PortNotFound
 * and NetworkNotFound (404), PortInUse (409), InterfaceAttachFailedNoNetwork (400)...
 */
export interface NetworkService {
  /**
   * Gives the server a new interface: the port asked for, or a new port on the network (or the
   * project's only network); returns it as the server's network info shows it.
   */
  attachInterface(
    context: RpcContext,
    instance: InstanceRow,
    request: InterfaceRequest,
  ): Promise<InstanceVif>;
  /** Takes the port off the server (and deletes it when compute created it). */
  detachInterface(context: RpcContext, instance: InstanceRow, portId: string): Promise<void>;
}

/** Nova's PortNotFound. */
export class PortNotFound extends NotFound {
  constructor(readonly portId: string) {
    super(`Port id ${portId} could not be found.`);
  }
}

/** Nova's NetworkNotFound. */
export class NetworkNotFound extends NotFound {
  constructor(readonly networkId: string) {
    super(`Network ${networkId} could not be found.`);
  }
}

/**
 * The network service before there is one: Neutron would find no such port or network, and a
 * project with no network has none to attach by default.
 */
export class NoNetworkService implements NetworkService {
  async attachInterface(
    context: RpcContext,
    _instance: InstanceRow,
    request: InterfaceRequest,
  ): Promise<InstanceVif> {
    if (request.portId) throw new PortNotFound(request.portId);
    if (request.networkId) throw new NetworkNotFound(request.networkId);
    throw new BadRequest(
      `No specific network was requested and none are available for project '${context.projectId}'.`,
    );
  }

  async detachInterface(_context: RpcContext, _instance: InstanceRow, portId: string): Promise<void> {
    throw new PortNotFound(portId);
  }
}

/** The network service compute uses: the one place the network work plugs in. */
export function networkServiceFor(_deps: ComputeDeps): NetworkService {
  return new NoNetworkService();
}
