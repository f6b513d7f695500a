import { isIP } from 'node:net';
import type { NetworkClient } from '../../common/clients/network-client.js';
import type { NeutronFloatingIp, NeutronNetwork, NeutronPort } from '../../common/clients/network-types.js';
import type { InstanceVif } from '../db/schema.js';
import type { VifSpec } from '../virt/types.js';

/** Nova's `NIC_NAME_LEN`: a Linux interface name has 14 characters at most (`tap` + 11). */
const NIC_NAME_LEN = 14;

/** The host device of a port, as Nova and Neutron's Linux bridge agent name it. */
export const devNameOf = (portId: string): string => `tap${portId}`.slice(0, NIC_NAME_LEN);

const ipVersion = (address: string): 4 | 6 => (isIP(address) === 6 ? 6 : 4);

/** What the network info keeps of a port beyond Neutron's: the user's tag and who owns the port. */
export interface VifExtras {
  tag: string | null;
  preserveOnDelete: boolean;
}

/**
 * One VIF of the network info (`_build_vif_model`): the port's MAC and network, its fixed
 * addresses each followed by the floating addresses that map to it, the binding's VIF type, the
 * TAP device name and the network's MTU.
 */
export function vifOf(
  port: NeutronPort,
  network: NeutronNetwork | undefined,
  floatingIps: readonly NeutronFloatingIp[],
  extras: VifExtras,
): InstanceVif {
  const ips: InstanceVif['ips'] = [];
  for (const fixed of port.fixed_ips) {
    ips.push({
      address: fixed.ip_address,
      version: ipVersion(fixed.ip_address),
      type: 'fixed',
      subnetId: fixed.subnet_id,
    });
  }
  for (const fixed of port.fixed_ips) {
    for (const floating of floatingIps.filter((fip) => fip.fixed_ip_address === fixed.ip_address)) {
      ips.push({
        address: floating.floating_ip_address,
        version: ipVersion(floating.floating_ip_address),
        type: 'floating',
      });
    }
  }
  return {
    portId: port.id,
    macAddress: port.mac_address,
    networkId: port.network_id,
    networkLabel: network?.name ?? '',
    ips,
    tag: extras.tag,
    preserveOnDelete: extras.preserveOnDelete,
    vifType: port['binding:vif_type'] ?? 'unbound',
    devName: devNameOf(port.id),
    mtu: network?.mtu ?? null,
    active: port.status === 'ACTIVE',
  };
}

/** An instance's network info, and the names of the security groups on its ports (what its views show). */
export interface NetworkInfo {
  networkInfo: InstanceVif[];
  securityGroupNames: string[];
}

/**
 * `get_instance_nw_info` (as `_build_network_info_model` builds it from Neutron): every port whose
 * device is the instance, in the order of `order` (the cached order, then new ports), then any
 * other in Neutron's order. `extras` gives each port's tag and ownership; a port it does not name
 * keeps what `previous` (the cached network info) said, else it is compute's with no tag.
 */
export async function buildNetworkInfo(
  client: NetworkClient,
  instanceUuid: string,
  options: {
    previous: readonly InstanceVif[];
    order?: readonly string[];
    extras?: ReadonlyMap<string, VifExtras>;
  },
): Promise<NetworkInfo> {
  const ports = await client.listPorts({ device_id: instanceUuid });
  if (ports.length === 0) return { networkInfo: [], securityGroupNames: [] };
  const networkIds = [...new Set(ports.map((port) => port.network_id))];
  const groupIds = [...new Set(ports.flatMap((port) => port.security_groups ?? []))];
  const [networks, floatingIps, groups] = await Promise.all([
    client.listNetworks({ id: networkIds }),
    client.listFloatingIps({ port_id: ports.map((port) => port.id) }),
    groupIds.length > 0 ? client.listSecurityGroups({ id: groupIds, fields: ['id', 'name'] }) : [],
  ]);
  const networkById = new Map(networks.map((network) => [network.id, network]));
  const previous = new Map(options.previous.map((vif) => [vif.portId, vif]));
  const rank = new Map(
    [...options.previous.map((vif) => vif.portId), ...(options.order ?? [])].map((id, index) => [id, index]),
  );
  const ordered = ports
    .map((port, index) => ({ port, index }))
    .sort(
      (a, b) => (rank.get(a.port.id) ?? Infinity) - (rank.get(b.port.id) ?? Infinity) || a.index - b.index,
    )
    .map(({ port }) => port);
  const networkInfo = ordered.map((port) => {
    const cached = previous.get(port.id);
    const extras = options.extras?.get(port.id) ?? {
      tag: cached?.tag ?? null,
      preserveOnDelete: cached?.preserveOnDelete ?? false,
    };
    return vifOf(
      port,
      networkById.get(port.network_id),
      floatingIps.filter((fip) => fip.port_id === port.id),
      extras,
    );
  });
  const nameOf = new Map(groups.map((group) => [group.id, group.name || group.id]));
  const securityGroupNames = [
    ...new Set(ordered.flatMap((port) => (port.security_groups ?? []).flatMap((id) => nameOf.get(id) ?? []))),
  ];
  return { networkInfo, securityGroupNames };
}

/** The network info as the virt driver takes it. */
export function vifSpecsOf(vifs: readonly InstanceVif[]): VifSpec[] {
  return vifs.map((vif) => ({
    id: vif.portId,
    macAddress: vif.macAddress,
    networkId: vif.networkId,
    fixedIps: vif.ips
      .filter((ip) => ip.type === 'fixed')
      .map((ip) => ({ ipAddress: ip.address, subnetId: ip.subnetId ?? '' })),
    type: vif.vifType ?? 'unbound',
    devName: vif.devName ?? devNameOf(vif.portId),
    mtu: vif.mtu ?? null,
    tag: vif.tag,
  }));
}
