import type { ApiRecord, CallContext } from '../api/engine/definition.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';
import { checkFloatingIpAddressKept, disassociateFloatingIpsOfPort } from '../floating-ips/port-hooks.js';
import type { NetworkDeps } from '../deps.js';
import { releaseAddresses, type FixedIp } from '../ipam/ip-allocations.js';
import { checkQuota } from '../quotas/quota-check.js';
import { NetworkFactsCache } from '../subnets/network-facts.js';
import { networkNotFound } from '../subnets/subnet-errors.js';
import { isAutoAddressSubnet } from '../subnets/subnet-validation.js';
import { mergeExtraDhcpOpts, storedExtraDhcpOpts } from './extra-dhcp-opts.js';
import {
  allocatePlans,
  automaticPlans,
  defaultPlans,
  diffFixedIps,
  planRequestedIps,
  type AddressPlan,
  type PortAddressing,
  type RequestedIp,
} from './fixed-ips.js';
import { releaseMac, reserveMac } from './mac-address.js';
import { deviceIdNotOwnedByTenant, portBound, unsupportedPortDeviceOwner } from './port-errors.js';
import { PortStore, ROUTER_INTERFACE_OWNERS, fixedIpsOf } from './port-record.js';
import { newPortFiltering, updatedPortFiltering } from './port-security.js';

/**
 * The port service: what the ports API and the other parts of the network service (routers,
 * DHCP, the agent) make, change and delete ports with, in the caller's transaction. Values are
 * as the API takes them; what an internal caller leaves out takes the API's default. A `call`
 * of null is the service itself: no caller's limits apply.
 */

/** What a port create takes when not given (the port attribute map's defaults). */
const PORT_DEFAULTS: Record<string, unknown> = {
  name: '',
  description: '',
  admin_state_up: true,
  device_id: '',
  device_owner: '',
  'binding:vnic_type': 'normal',
  dns_name: '',
};

const given = (value: unknown) => value !== undefined;

async function networkSubnets(trx: NetworkDb, deps: NetworkDeps, networkId: string): Promise<ApiRecord[]> {
  return new RecordStore('subnets', deps.now).list(trx, { parentIds: [networkId] });
}

/**
 * _enforce_device_owner_not_router_intf_or_device_id: a project may not make its port an
 * interface of another project's router.
 */
async function checkRouterDevice(
  trx: NetworkDb,
  call: CallContext | null,
  owner: string,
  deviceId: string,
  projectId: string,
): Promise<void> {
  if (!ROUTER_INTERFACE_OWNERS.includes(owner) || call === null || call.isAdmin || !deviceId) return;
  const router = await trx
    .selectFrom('routers')
    .select('project_id')
    .where('id', '=', deviceId)
    .executeTakeFirst();
  if (router && router.project_id !== projectId) throw deviceIdNotOwnedByTenant(deviceId);
}

const subnetIdsOf = (plans: AddressPlan[]) =>
  plans.map((plan) => ('ip' in plan ? plan.subnet.id : plan.anyOf[0].id));

/** Makes a port: its MAC, its addresses, its filtering and binding; DOWN until an agent wires it. */
export async function createPort(
  trx: NetworkDb,
  deps: NetworkDeps,
  call: CallContext | null,
  values: Record<string, unknown>,
): Promise<ApiRecord> {
  const port: Record<string, unknown> = { ...PORT_DEFAULTS };
  for (const [key, value] of Object.entries(values)) if (given(value)) port[key] = value;
  const networkId = port.network_id as string;
  const facts = (await new NetworkFactsCache(deps).load(trx, [networkId])).get(networkId);
  if (!facts) throw networkNotFound(networkId);
  const projectId = (port.project_id as string | undefined) ?? (facts.network.project_id as string);
  port.project_id = projectId;
  const owner = port.device_owner as string;
  if (owner) await checkRouterDevice(trx, call, owner, port.device_id as string, projectId);
  // Neutron counts quota in its API: the service's own ports (routers', DHCP's) are not counted.
  if (call) await checkQuota(trx, deps, projectId, 'port', 1);

  const id = deps.newId();
  const mac = await reserveMac(trx, networkId, id, port.mac_address as string | undefined);
  const addressing: PortAddressing = {
    networkId,
    deviceOwner: owner,
    mac,
    subnets: await networkSubnets(trx, deps, networkId),
  };
  const requested = port.fixed_ips as RequestedIp[] | undefined;
  const plans = requested ? await planRequestedIps(trx, requested, addressing) : defaultPlans(addressing);
  plans.push(...automaticPlans(addressing, subnetIdsOf(plans.filter((plan) => 'ip' in plan))));
  const fixedIps = await allocatePlans(trx, plans, id, networkId);
  const filtering = await newPortFiltering(
    trx,
    deps,
    { ...port, mac_address: mac },
    facts.network,
    call?.isAdmin ?? true,
  );

  return new PortStore(deps.now).insert(trx, {
    id,
    name: port.name,
    network_id: networkId,
    project_id: projectId,
    mac_address: mac,
    admin_state_up: port.admin_state_up,
    status: 'DOWN',
    device_id: port.device_id,
    device_owner: port.device_owner,
    fixed_ips: fixedIps,
    ...filtering,
    extra_dhcp_opts: storedExtraDhcpOpts(port.extra_dhcp_opts),
    description: port.description,
    'binding:host_id': (port['binding:host_id'] as string | undefined) ?? '',
    'binding:profile': (port['binding:profile'] as Record<string, unknown> | null | undefined) ?? {},
    'binding:vnic_type': port['binding:vnic_type'],
    dns_name: port.dns_name,
    ip_allocation: requested && requested.length === 0 ? 'none' : 'immediate',
  });
}

/**
 * A new MAC (update_port's _check_mac_addr_update and _update_db_port): never on the network's
 * own ports, nor on a bound one; unique on the network. Automatic IPv6 addresses follow it.
 */
async function changeMac(trx: NetworkDb, current: ApiRecord, mac: string, owner: string): Promise<void> {
  if (owner.startsWith('network:')) throw unsupportedPortDeviceOwner('mac address update', current.id, owner);
  const vifType = current['binding:vif_type'] as string;
  if (vifType !== 'unbound' && vifType !== 'binding_failed') {
    throw portBound(current.id, vifType, current.mac_address as string, mac);
  }
  await reserveMac(trx, current.network_id as string, current.id, mac);
  await releaseMac(trx, current.network_id as string, current.mac_address as string);
}

/**
 * Changes a port: a new MAC, fixed IPs (given back and handed out in the caller's transaction,
 * so the change is whole or not at all), filtering, extra DHCP options and the rest as given.
 */
export async function updatePort(
  trx: NetworkDb,
  deps: NetworkDeps,
  current: ApiRecord,
  changes: Record<string, unknown>,
  call: CallContext | null = null,
): Promise<ApiRecord> {
  const update: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) if (given(value)) update[key] = value;
  // A new binding must be wired again where it now points: down until its agent says so (ML2).
  const rebound = ['binding:host_id', 'binding:profile', 'binding:vnic_type'].some(
    (key) => key in update && JSON.stringify(update[key]) !== JSON.stringify(current[key]),
  );
  if (rebound) update.status = 'DOWN';
  const owner = (update.device_owner ?? current.device_owner) as string;
  const deviceId = (update.device_id ?? current.device_id) as string;
  if ('device_owner' in update || ('device_id' in update && owner)) {
    await checkRouterDevice(trx, call, owner, deviceId, current.project_id as string);
  }
  const mac = (update.mac_address ?? current.mac_address) as string;
  const macChanged = mac !== current.mac_address;
  if (macChanged) await changeMac(trx, current, mac, owner);

  const networkId = current.network_id as string;
  const held = fixedIpsOf(current);
  if (update.fixed_ips !== undefined) {
    await checkFloatingIpAddressKept(trx, deps, current.id, update.fixed_ips as Partial<FixedIp>[]);
  }
  if (update.fixed_ips !== undefined || macChanged) {
    const subnets = await networkSubnets(trx, deps, networkId);
    const addressing: PortAddressing = { networkId, deviceOwner: owner, mac, subnets };
    const byId = new Map(subnets.map((subnet) => [subnet.id, subnet]));
    let requested = (update.fixed_ips as RequestedIp[] | undefined) ?? held;
    // A new MAC makes new EUI-64 addresses: the old ones are asked for again by subnet alone.
    if (macChanged) {
      requested = requested.map((fixed) =>
        fixed.subnet_id && isAutoAddressSubnet(byId.get(fixed.subnet_id) ?? {})
          ? { subnet_id: fixed.subnet_id }
          : fixed,
      );
    }
    const diff = diffFixedIps(held, requested, byId, owner);
    if (macChanged) {
      const stale = diff.keep.filter((fixed) => isAutoAddressSubnet(byId.get(fixed.subnet_id) ?? {}));
      diff.keep = diff.keep.filter((fixed) => !stale.includes(fixed));
      diff.remove.push(...stale);
    }
    const plans = await planRequestedIps(trx, diff.add, addressing);
    await releaseAddresses(trx, current.id, diff.remove);
    const handled = [...subnetIdsOf(plans), ...diff.keep.map((fixed) => fixed.subnet_id)];
    plans.push(...automaticPlans(addressing, handled));
    const added: FixedIp[] = await allocatePlans(trx, plans, current.id, networkId);
    update.fixed_ips = [...diff.keep, ...added];
  }
  Object.assign(update, await updatedPortFiltering(trx, current, update, call?.isAdmin ?? true));
  if (update.extra_dhcp_opts !== undefined) {
    update.extra_dhcp_opts = mergeExtraDhcpOpts(current.extra_dhcp_opts, update.extra_dhcp_opts);
  }
  if (update['binding:profile'] === null) update['binding:profile'] = {};
  return new PortStore(deps.now).update(trx, current, update);
}

/** Deletes a port and gives back its addresses and MAC; a port already gone is no error. */
export async function deletePort(trx: NetworkDb, deps: NetworkDeps, portId: string): Promise<void> {
  const store = new PortStore(deps.now);
  const port = await store.records.get(trx, portId);
  if (!port) return;
  // As Neutron's delete_port: the floating IPs of the port stay, unassociated.
  await disassociateFloatingIpsOfPort(trx, deps, portId);
  await releaseAddresses(trx, portId);
  await releaseMac(trx, port.network_id as string, port.mac_address as string);
  await store.records.delete(trx, portId);
}

/** Sets a port's status (the agent's ACTIVE once wired, DOWN once unplugged); the same one changes nothing. */
export async function setPortStatus(
  trx: NetworkDb,
  deps: NetworkDeps,
  portId: string,
  status: 'ACTIVE' | 'DOWN' | 'BUILD' | 'ERROR',
): Promise<void> {
  const store = new PortStore(deps.now);
  const port = await store.records.get(trx, portId);
  if (!port || port.status === status) return;
  await store.update(trx, port, { status });
}
