import type { NetworkClient } from '../../common/clients/network-client.js';
import type { NeutronFloatingIp, NeutronNetwork } from '../../common/clients/network-types.js';
import { ApiError, BadRequest, Conflict, Forbidden, NotFound } from '../../common/http/errors.js';
import { isNeutronError, isNeutronStatus } from './errors.js';

/**
 * The pool a floating IP comes from when none is asked for: Nova's `[neutron]
 * default_floating_pool`, set to the all-in-one cloud's external network as DevStack sets it.
 */
export const DEFAULT_FLOATING_POOL = 'public';

/** A floating IP with what Nova's view needs: its pool's name and the server of its port. */
export interface FloatingIpDetails {
  floatingIp: NeutronFloatingIp;
  network: NeutronNetwork;
  /** The device of the associated port: the server's id, or null when unassociated. */
  instanceId: string | null;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Adds the network and the port's device to floating IPs (Nova's `network_details`, `port_details`). */
async function withDetails(client: NetworkClient, fips: NeutronFloatingIp[]): Promise<FloatingIpDetails[]> {
  if (fips.length === 0) return [];
  const networkIds = [...new Set(fips.map((fip) => fip.floating_network_id))];
  const networks = new Map((await client.listNetworks({ id: networkIds })).map((net) => [net.id, net]));
  const portIds = fips.flatMap((fip) => (fip.port_id ? [fip.port_id] : []));
  const devices = new Map(
    portIds.length > 0
      ? (await client.listPorts({ id: portIds, fields: ['id', 'device_id'] })).map((port) => [
          port.id,
          port.device_id,
        ])
      : [],
  );
  return fips.map((fip) => {
    const network = networks.get(fip.floating_network_id);
    if (!network) throw new NotFound(`Network ${fip.floating_network_id} could not be found.`);
    const instanceId =
      fip.port_details?.device_id ?? (fip.port_id ? (devices.get(fip.port_id) ?? null) : null);
    return { floatingIp: fip, network, instanceId: instanceId || null };
  });
}

/** `get_floating_ip`: Nova's 404 "Floating IP not found for ID". */
export async function getFloatingIp(client: NetworkClient, id: string): Promise<FloatingIpDetails> {
  const fip = await client.getFloatingIp(id);
  if (!fip) throw new NotFound(`Floating IP not found for ID ${id}`);
  return (await withDetails(client, [fip]))[0];
}

/** `get_floating_ips_by_project`. */
export async function floatingIpsOfProject(
  client: NetworkClient,
  projectId: string,
): Promise<FloatingIpDetails[]> {
  return withDetails(client, await client.listFloatingIps({ tenant_id: projectId }));
}

/** `_get_floating_ip_by_address`: exactly one floating IP has the address. */
export async function floatingIpByAddress(
  client: NetworkClient,
  address: string,
): Promise<NeutronFloatingIp> {
  const fips = address ? await client.listFloatingIps({ floating_ip_address: address }) : [];
  if (fips.length === 0) throw new NotFound(`Floating IP not found for address ${address}.`);
  if (fips.length > 1) throw new Conflict(`Multiple floating IPs are found for address ${address}.`);
  return fips[0];
}

/** `_get_floating_ip_pool_id_by_name_or_id`: the external network of that name (or id). */
async function poolId(client: NetworkClient, nameOrId: string): Promise<string> {
  const networks = await client.listNetworks({
    'router:external': true,
    fields: 'id',
    ...(UUID.test(nameOrId) ? { id: nameOrId } : { name: nameOrId }),
  });
  if (networks.length === 0) throw new NotFound('Floating IP pool not found.');
  if (networks.length > 1)
    throw new ApiError(500, `Multiple floating IP pools matches found for name '${nameOrId}'`);
  return networks[0].id;
}

/**
 * `allocate_floating_ip` as the os-floating-ips API answers its failures: an exhausted pool is a
 * 404, the quota a 403, and any other refusal of Neutron a 400.
 */
export async function allocateFloatingIp(
  client: NetworkClient,
  pool: string | null,
): Promise<FloatingIpDetails> {
  const poolName = pool ?? DEFAULT_FLOATING_POOL;
  const networkId = await poolId(client, poolName);
  let fip: NeutronFloatingIp;
  try {
    fip = await client.createFloatingIp({ floating_network_id: networkId });
  } catch (error) {
    if (isNeutronError(error, 'IpAddressGenerationFailure', 'ExternalIpAddressExhausted'))
      throw new NotFound(pool ? `No more floating IPs in pool ${pool}.` : 'No more floating IPs available.');
    if (isNeutronError(error, 'OverQuota'))
      throw new Forbidden(pool ? `IP allocation over quota in pool ${pool}.` : 'IP allocation over quota.');
    if (isNeutronStatus(error, 400)) throw new BadRequest(error.detail);
    throw error;
  }
  return (await withDetails(client, [fip]))[0];
}

/** Releases (deletes) a floating IP, associated or not. */
export async function releaseFloatingIp(client: NetworkClient, fip: NeutronFloatingIp): Promise<void> {
  if (!(await client.deleteFloatingIp(fip.id)))
    throw new NotFound(`Floating IP not found for address ${fip.floating_ip_address}.`);
}

/**
 * `associate_floating_ip`: the floating address goes to the instance's port that has the fixed
 * address. Returns the server the floating IP was taken from, if another had it.
 */
export async function associateFloatingIp(
  client: NetworkClient,
  instanceUuid: string,
  floatingAddress: string,
  fixedAddress: string,
): Promise<string | null> {
  const ports = await client.listPorts({ device_id: instanceUuid });
  const port = ports.find((candidate) => candidate.fixed_ips.some((ip) => ip.ip_address === fixedAddress));
  if (!port) throw new NotFound(`Fixed IP not found for address ${fixedAddress}.`);
  const fip = await floatingIpByAddress(client, floatingAddress);
  try {
    await client.updateFloatingIp(fip.id, { port_id: port.id, fixed_ip_address: fixedAddress });
  } catch (error) {
    if (isNeutronStatus(error, 409)) throw new BadRequest(error.detail);
    throw error;
  }
  if (!fip.port_id || fip.port_id === port.id) return null;
  const previous = await client.getPort(fip.port_id);
  return previous?.device_id || null;
}

/** `disassociate_floating_ip`. */
export async function disassociateFloatingIp(client: NetworkClient, fip: NeutronFloatingIp): Promise<void> {
  await client.updateFloatingIp(fip.id, { port_id: null });
}

/** `get_instance_id_by_floating_address`: the server whose port has the floating IP, if any. */
export async function instanceOfFloatingIp(
  client: NetworkClient,
  fip: NeutronFloatingIp,
): Promise<string | null> {
  if (!fip.port_id) return null;
  const port = await client.getPort(fip.port_id);
  return port?.device_id || null;
}
