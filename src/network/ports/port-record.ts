import { RecordStore, type NetworkDb } from '../db/record-store.js';
import type { ApiRecord } from '../api/engine/definition.js';
import type { FixedIp } from '../ipam/ip-allocations.js';

/** Neutron's device owners that the port service treats apart (neutron_lib.constants). */
export const DEVICE_OWNER_DHCP = 'network:dhcp';
export const ROUTER_INTERFACE_OWNERS = [
  'network:router_interface',
  'network:ha_router_replicated_interface',
  'network:router_interface_distributed',
];
export const ROUTER_INTERFACE_OWNERS_SNAT = [...ROUTER_INTERFACE_OWNERS, 'network:router_centralized_snat'];
/** Ports that go with their network or subnet rather than hold it (AUTO_DELETE_PORT_OWNERS). */
export const AUTO_DELETE_PORT_OWNERS = [
  DEVICE_OWNER_DHCP,
  'network:router_ha_interface',
  'network:distributed',
];

/** The DNS domain ports take their names in when none is configured (Neutron's `dns_domain` default). */
const DNS_DOMAIN = 'openstacklocal.';

export const fixedIpsOf = (port: Record<string, unknown>): FixedIp[] =>
  (port.fixed_ips as FixedIp[] | undefined) ?? [];

/** A device owner Neutron trusts not to attack the network (`network:` ones): no security groups. */
export const isTrustedOwner = (owner: unknown): boolean =>
  typeof owner === 'string' && owner.startsWith('network:');

/**
 * The attributes a port shows that follow from the others, recomputed on every write so that
 * every reader of the table (the API, the agents) sees the same:
 * - `dns_assignment`, as the DNS integration names a port without a DNS domain of its own:
 *   `host-<address with dashes>` in `openstacklocal.`;
 * - the binding's result: bound to the Linux bridge of its network once a host is set
 *   (`brq` + 11 characters of the network id), `unbound` until then.
 */
export function withDerived(port: Record<string, unknown>): Record<string, unknown> {
  const host = port['binding:host_id'];
  const bound = typeof host === 'string' && host !== '';
  return {
    ...port,
    dns_assignment: fixedIpsOf(port).map((fixed) => {
      const hostname = `host-${fixed.ip_address.replace(/[.:]/g, '-')}`;
      return { ip_address: fixed.ip_address, hostname, fqdn: `${hostname}.${DNS_DOMAIN}` };
    }),
    'binding:vif_type': bound ? 'bridge' : 'unbound',
    'binding:vif_details': bound
      ? {
          connectivity: 'l2',
          port_filter: true,
          bridge_name: `brq${String(port.network_id).slice(0, 11)}`,
        }
      : {},
  };
}

/** The ports table, written with the derived attributes kept current. */
export class PortStore {
  readonly records: RecordStore;

  constructor(now: () => Date) {
    this.records = new RecordStore('ports', now);
  }

  insert(db: NetworkDb, port: Record<string, unknown>): Promise<ApiRecord> {
    return this.records.insert(db, withDerived(port), {
      parentId: port.network_id as string,
      refId: (port.device_id as string) || null,
    });
  }

  update(db: NetworkDb, current: ApiRecord, changes: Record<string, unknown>): Promise<ApiRecord> {
    const next = withDerived({ ...current, ...changes });
    return this.records.update(db, current, next, { refId: (next.device_id as string) || null });
  }
}
