import { createHash } from 'node:crypto';
import type { ApiRecord } from '../api/engine/definition.js';
import { RecordStore } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { createPort, deletePort, updatePort } from '../ports/port-service.js';

/** Neutron's DHCP port device id: `dhcp<host uuid>-<network id>`, the host uuid derived from its name. */
export function dhcpDeviceId(host: string, networkId: string): string {
  const digest = createHash('sha1').update(host).digest('hex');
  const hostUuid = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
  return `dhcp${hostUuid}-${networkId}`;
}

/** Subnets the DHCP server needs an address on: DHCP-enabled IPv4 ones, and stateful or stateless IPv6. */
function servedSubnets(subnets: ApiRecord[]): ApiRecord[] {
  return subnets.filter(
    (subnet) =>
      subnet.enable_dhcp === true && (subnet.ip_version === 4 || subnet.ipv6_address_mode !== 'slaac'),
  );
}

/**
 * Gives each network with DHCP-enabled subnets the DHCP port of this host (as Neutron's DHCP
 * agent asks the server for one), with an address on each such subnet; removes it from networks
 * that no longer need one.
 */
export async function ensureDhcpPorts(deps: NetworkDeps, host: string): Promise<void> {
  const subnets = await new RecordStore('subnets', deps.now).list(deps.db);
  const ports = new RecordStore('ports', deps.now);
  const dhcpPorts = (await ports.list(deps.db)).filter((port) => port.device_owner === 'network:dhcp');
  const networks = await new RecordStore('networks', deps.now).list(deps.db);
  for (const network of networks) {
    const served = servedSubnets(subnets.filter((subnet) => subnet.network_id === network.id));
    const deviceId = dhcpDeviceId(host, network.id);
    const existing = dhcpPorts.find((port) => port.network_id === network.id && port.device_id === deviceId);
    if (served.length === 0) {
      if (existing) await deps.db.transaction().execute((trx) => deletePort(trx, deps, existing.id));
      continue;
    }
    if (!existing) {
      await deps.db.transaction().execute((trx) =>
        createPort(trx, deps, null, {
          network_id: network.id,
          project_id: network.project_id,
          tenant_id: network.project_id,
          name: '',
          device_owner: 'network:dhcp',
          device_id: deviceId,
          'binding:host_id': host,
          fixed_ips: served.map((subnet) => ({ subnet_id: subnet.id })),
          admin_state_up: true,
        }),
      );
      continue;
    }
    const fixedIps = existing.fixed_ips as { subnet_id: string; ip_address: string }[];
    const missing = served.filter((subnet) => !fixedIps.some((fixed) => fixed.subnet_id === subnet.id));
    const stale = fixedIps.filter((fixed) => !served.some((subnet) => subnet.id === fixed.subnet_id));
    if (missing.length === 0 && stale.length === 0) continue;
    await deps.db.transaction().execute((trx) =>
      updatePort(trx, deps, existing, {
        fixed_ips: [
          ...fixedIps.filter((fixed) => !stale.includes(fixed)),
          ...missing.map((subnet) => ({ subnet_id: subnet.id })),
        ],
      }),
    );
  }
}
