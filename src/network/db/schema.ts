/**
 * A resource of the network API as stored: its owner, standard attributes and revision in
 * columns, its own attributes as a JSON document (they are read whole and filtered in the
 * engine, as Neutron's API filters any attribute), and two indexed keys for the lookups the
 * service makes (`parent_id`: the network of a subnet or port, the group of a rule...;
 * `ref_id`: the device of a port, the port of a floating IP...).
 */
export interface ResourceRow {
  id: string;
  project_id: string;
  parent_id: string | null;
  ref_id: string | null;
  /** JSON of the resource's own attributes. */
  body: string;
  revision_number: number;
  created_at: string;
  updated_at: string;
}

/** The resources stored in ResourceRow tables, by table name. */
export const RESOURCE_TABLES = [
  'networks',
  'subnets',
  'subnetpools',
  'ports',
  'routers',
  'floatingips',
  'security_groups',
  'security_group_rules',
  'rbac_policies',
  'address_scopes',
  'port_forwardings',
  'agents',
] as const;
export type ResourceTable = (typeof RESOURCE_TABLES)[number];

/** An address handed out from a subnet: the primary key makes a double hand-out impossible. */
export interface IpAllocationRow {
  subnet_id: string;
  ip_address: string;
  network_id: string;
  port_id: string;
}

/** A tag on any standard-attribute resource. */
export interface TagRow {
  resource_id: string;
  tag: string;
}

/** A project's quota limit for one resource (absent: the default). */
export interface QuotaRow {
  project_id: string;
  resource: string;
  limit: number;
}

/** A MAC address in use, unique per network as Neutron requires. */
export interface MacAddressRow {
  network_id: string;
  mac_address: string;
  port_id: string;
}

/** A VXLAN/VLAN segmentation id taken by a network, unique per type. */
export interface SegmentAllocationRow {
  network_type: string;
  physical_network: string;
  segmentation_id: number;
  network_id: string;
}

export type NetworkSchema = { [table in ResourceTable]: ResourceRow } & {
  ip_allocations: IpAllocationRow;
  tags: TagRow;
  quotas: QuotaRow;
  mac_addresses: MacAddressRow;
  segment_allocations: SegmentAllocationRow;
};
