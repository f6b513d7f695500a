import type { ApiRecord } from '../api/engine/definition.js';
import { RecordStore, type NetworkDb } from '../db/record-store.js';

/** Everything the agent wires, read in one pass: the API's records as stored. */
export interface Inventory {
  networks: ApiRecord[];
  subnets: ApiRecord[];
  ports: ApiRecord[];
  routers: ApiRecord[];
  floatingIps: ApiRecord[];
  securityGroups: ApiRecord[];
  securityGroupRules: ApiRecord[];
}

/** Reads the inventory; records are as the API stores them (Neutron's attribute names). */
export async function readInventory(db: NetworkDb, now: () => Date): Promise<Inventory> {
  const read = (table: ConstructorParameters<typeof RecordStore>[0]) => new RecordStore(table, now).list(db);
  const [networks, subnets, ports, routers, floatingIps, securityGroups, securityGroupRules] =
    await Promise.all([
      read('networks'),
      read('subnets'),
      read('ports'),
      read('routers'),
      read('floatingips'),
      read('security_groups'),
      read('security_group_rules'),
    ]);
  return { networks, subnets, ports, routers, floatingIps, securityGroups, securityGroupRules };
}
