import type { NetworkClient } from '../../common/clients/network-client.js';
import type { InstanceVif } from '../db/schema.js';
import { deletePorts, unbindPorts, type PortFailure } from './port-bindings.js';

/** `_get_preexisting_port_ids`: the ports the user gave, which outlive the server. */
const preexistingPortIds = (networkInfo: readonly InstanceVif[]) =>
  networkInfo.filter((vif) => vif.preserveOnDelete).map((vif) => vif.portId);

/**
 * `deallocate_for_instance`: the ports compute made for the instance are deleted, the ones the
 * user gave (marked in the network info, or named in `requestedPortIds`: those the request gave,
 * whatever a build cut short saved) are unbound and kept. A failure to delete is thrown (the delete may be
 * retried); failures to unbind are returned for the caller to log.
 */
export async function deallocateForInstance(
  client: NetworkClient,
  instanceUuid: string,
  options: { networkInfo: readonly InstanceVif[]; requestedPortIds?: readonly string[] },
): Promise<PortFailure[]> {
  const portIds = (await client.listPorts({ device_id: instanceUuid, fields: 'id' })).map((port) => port.id);
  const keep = new Set([...(options.requestedPortIds ?? []), ...preexistingPortIds(options.networkInfo)]);
  // Only ports still on this instance are let go: a port the request named may be another's.
  const failures = await unbindPorts(
    client,
    portIds.filter((id) => keep.has(id)),
    { detach: true },
  );
  await deletePorts(
    client,
    portIds.filter((id) => !keep.has(id)),
    { raiseIfFail: true },
  );
  return failures;
}

/**
 * `deallocate_port_for_instance`: the user's own port is unbound and kept, compute's is deleted
 * (a failure to delete is thrown).
 */
export async function deallocatePortForInstance(
  client: NetworkClient,
  networkInfo: readonly InstanceVif[],
  portId: string,
): Promise<PortFailure[]> {
  if (preexistingPortIds(networkInfo).includes(portId))
    return unbindPorts(client, [portId], { detach: true });
  await deletePorts(client, [portId], { raiseIfFail: true });
  return [];
}
