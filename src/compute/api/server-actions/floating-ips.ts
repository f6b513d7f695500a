import { isIPv4 } from 'node:net';
import { ApiError, BadRequest, Conflict, NotFound } from '../../../common/http/errors.js';
import { networkInfoOf } from '../../instances/instance-repo.js';
import { loadServerForCaller } from '../../instances/lookup.js';
import {
  associateFloatingIp,
  disassociateFloatingIp,
  floatingIpByAddress,
  instanceOfFloatingIp,
} from '../../networking/floating-ip-api.js';
import { refreshInstanceNetworkInfo } from '../../networking/neutron-network-service.js';
import { authorize } from '../../policies.js';
import { callerNetwork } from '../network-proxy.js';
import { addFloatingIpSchema, removeFloatingIpSchema } from '../schemas/floating-ips.js';
import { ACCEPTED, loadAndAuthorize, targetOf, type ActionCall, type ActionTable } from './action-table.js';

const POLICY = (action: string) => `os_compute_api:os-floating-ips:${action}`;

/** The network service of the action's cloud: without one no floating IP exists. */
function linksOf(call: ActionCall) {
  if (!call.deps.network) throw new NotFound('floating IP not found');
  return call.deps.network;
}

/**
 * `addFloatingIp` (`FloatingIPActionController._add_floating_ip`): the floating address goes to
 * the fixed address asked for, or the server's first IPv4 one; then the server's network info
 * is refreshed (and that of a server the address was taken from).
 */
async function addFloatingIp(call: ActionCall) {
  const links = linksOf(call);
  const instance = await loadAndAuthorize(call, POLICY('add'));
  const { address, fixed_address: asked } = call.args as { address: string; fixed_address?: string };
  const networkInfo = networkInfoOf(instance);
  if (networkInfo.length === 0) throw new BadRequest('Instance network is not ready yet');
  const fixed = networkInfo.flatMap((vif) => vif.ips.filter((ip) => ip.type === 'fixed'));
  if (fixed.length === 0) throw new BadRequest('No fixed IPs associated to instance');
  let fixedAddress = asked;
  if (fixedAddress !== undefined && !fixed.some((ip) => ip.address === fixedAddress))
    throw new BadRequest('Specified fixed address not assigned to instance');
  fixedAddress ??= fixed.find((ip) => isIPv4(ip.address))?.address;
  if (!fixedAddress) {
    throw new BadRequest(
      `Unable to associate floating IP ${address} to any fixed IPs for instance ${call.serverId}. Instance has no fixed IPv4 addresses to associate.`,
    );
  }
  let previous: string | null;
  try {
    previous = await associateFloatingIp(
      callerNetwork(links, call.request),
      instance.uuid,
      address,
      fixedAddress,
    );
  } catch (error) {
    if (error instanceof NotFound && error.message.startsWith('Floating IP not found'))
      throw new NotFound('floating IP not found');
    if (error instanceof ApiError && error.status === 400) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new BadRequest(
      `Unable to associate floating IP ${address} to fixed IP ${fixedAddress} for instance ${call.serverId}. Error: ${reason}`,
    );
  }
  await refreshInstanceNetworkInfo(call.deps, links.admin, instance.uuid);
  if (previous) await refreshInstanceNetworkInfo(call.deps, links.admin, previous);
  return ACCEPTED;
}

/**
 * `removeFloatingIp`: the address must be associated with this server (409 otherwise); the
 * policy is checked against the project of the server that has it.
 */
async function removeFloatingIp(call: ActionCall) {
  const links = linksOf(call);
  const { address } = call.args as { address: string };
  const client = callerNetwork(links, call.request);
  const fip = await floatingIpByAddress(client, address);
  const holderUuid = await instanceOfFloatingIp(client, fip);
  const holder = holderUuid ? await loadServerForCaller(call.deps, call.request, holderUuid) : null;
  authorize(call.deps.policy, POLICY('remove'), holder ? targetOf(holder) : {}, call.request.context);
  if (!holder || !fip.port_id || holder.uuid !== call.serverId)
    throw new Conflict(`Floating IP ${address} is not associated with instance ${call.serverId}.`);
  await disassociateFloatingIp(client, fip);
  await refreshInstanceNetworkInfo(call.deps, links.admin, holder.uuid);
  return ACCEPTED;
}

/** addFloatingIp and removeFloatingIp, deprecated from 2.44 (a 404 there). */
export const floatingIpActions: ActionTable = {
  addFloatingIp: {
    max: '2.43',
    schemas: [{ schema: addFloatingIpSchema }],
    handle: addFloatingIp,
  },
  removeFloatingIp: {
    max: '2.43',
    schemas: [{ schema: removeFloatingIpSchema }],
    handle: removeFloatingIp,
  },
};
