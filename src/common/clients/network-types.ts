/**
 * Neutron v2.0 resources as the API shows them (the fields compute reads; a resource has more,
 * kept as extra keys). Names are Neutron's, with its `binding:` and `router:` prefixes.
 */

/** A fixed address of a port: the subnet it came from and the address. */
export interface PortFixedIp {
  subnet_id: string;
  ip_address: string;
}

export interface NeutronNetwork {
  id: string;
  name: string;
  project_id: string;
  tenant_id: string;
  status: string;
  admin_state_up: boolean;
  shared: boolean;
  'router:external'?: boolean;
  /** Subnet ids. */
  subnets: string[];
  mtu?: number;
  port_security_enabled?: boolean;
  [field: string]: unknown;
}

export interface NeutronSubnet {
  id: string;
  name: string;
  network_id: string;
  ip_version: 4 | 6;
  cidr: string;
  gateway_ip: string | null;
  enable_dhcp: boolean;
  dns_nameservers: string[];
  [field: string]: unknown;
}

export interface NeutronPort {
  id: string;
  name: string;
  network_id: string;
  project_id: string;
  tenant_id: string;
  mac_address: string;
  admin_state_up: boolean;
  /** DOWN until the host's agent has wired it, then ACTIVE. */
  status: string;
  device_id: string;
  device_owner: string;
  fixed_ips: PortFixedIp[];
  security_groups?: string[];
  port_security_enabled?: boolean;
  'binding:host_id'?: string;
  /** `unbound` until bound to a host, `binding_failed` when no driver could bind it, else the type. */
  'binding:vif_type'?: string;
  'binding:vif_details'?: Record<string, unknown>;
  'binding:vnic_type'?: string;
  'binding:profile'?: Record<string, unknown>;
  dns_name?: string;
  [field: string]: unknown;
}

/** What a port create or update sends (`binding:host_id` '' unbinds the port from its host). */
export type PortValues = Partial<Omit<NeutronPort, 'id' | 'fixed_ips'>> & {
  fixed_ips?: { ip_address?: string; subnet_id?: string }[];
};

export interface NeutronFloatingIp {
  id: string;
  floating_ip_address: string;
  floating_network_id: string;
  port_id: string | null;
  fixed_ip_address: string | null;
  router_id: string | null;
  status: string;
  project_id: string;
  tenant_id: string;
  /** With the `fip-port-details` extension: the associated port's main fields. */
  port_details?: { device_id: string; [field: string]: unknown } | null;
  [field: string]: unknown;
}

export interface NeutronSecurityGroupRule {
  id: string;
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  project_id: string;
  tenant_id: string;
  [field: string]: unknown;
}

/** A rule to create: what Nova's security group API sends. */
export interface NewSecurityGroupRule {
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol?: string | null;
  port_range_min?: number;
  port_range_max?: number;
  remote_ip_prefix?: string | null;
  remote_group_id?: string | null;
}

export interface NeutronSecurityGroup {
  id: string;
  name: string;
  description: string;
  project_id: string;
  tenant_id: string;
  security_group_rules?: NeutronSecurityGroupRule[];
  [field: string]: unknown;
}
