/**
 * What the metadata service and the config drive tell a guest about itself, gathered once from
 * wherever it lives (the compute database and the network service for the metadata service; the
 * instance spec and its VIFs for the config drive), so that both render the same trees.
 */
export interface InstanceMetadataSource {
  uuid: string;
  /** The EC2 instance id, `i-%08x` (see `ec2InstanceId`). */
  ec2InstanceId: string;
  /** The image the root disk came from; null for an instance booted from a volume. */
  imageId: string | null;
  /** The guest's host name, without the DHCP domain. */
  hostname: string;
  /** The server's name (`display_name`). */
  displayName: string;
  projectId: string;
  availabilityZone: string | null;
  launchIndex: number;
  /** The `r-...` id shared by the servers of one create request; null when not known. */
  reservationId: string | null;
  flavorName: string;
  /** The root disk's device (`/dev/vda`), for the EC2 block device mapping; null when not known. */
  rootDeviceName: string | null;
  /** The server's metadata key/values. */
  metadata: Record<string, string>;
  keyPair: MetadataKeyPair | null;
  /** Base64 user data as the API took it; null when there is none. */
  userData: string | null;
  ports: MetadataPort[];
  /** Names of the security groups on the instance's ports (EC2's `security-groups`). */
  securityGroups: string[];
  /** Tagged devices (2.32+ `tag`), as `meta_data.json` `devices` lists them. */
  devices: MetadataDevice[];
  /** The encrypted password the guest posted (system metadata `password_0..3`); null when none. */
  password: string | null;
}

export interface MetadataKeyPair {
  name: string;
  /** `ssh` or `x509`. */
  type: string;
  publicKey: string;
}

/** One port of the instance, as Nova's network info describes a VIF. */
export interface MetadataPort {
  id: string;
  macAddress: string;
  networkId: string;
  mtu: number | null;
  /** The binding's VIF type (`bridge`, `ovs`, `tap`...). */
  vifType: string;
  /** The host device (`tapXXXXXXXX-XX`), which names the link in `network_data.json`. */
  devName: string | null;
  fixedIps: MetadataFixedIp[];
  /** Floating addresses mapped to the port's fixed ones. */
  floatingIps: string[];
}

export interface MetadataFixedIp {
  address: string;
  subnetId: string;
  /** The subnet, when the caller could look it up; without it the guest is told to use DHCP. */
  subnet: MetadataSubnet | null;
}

/** What Neutron says of a subnet that shapes the guest's network configuration. */
export interface MetadataSubnet {
  cidr: string;
  gatewayIp: string | null;
  dnsNameservers: string[];
  hostRoutes: { destination: string; nexthop: string }[];
  /** Neutron's `enable_dhcp`: a DHCP server on the subnet configures the guest. */
  enableDhcp: boolean;
  /** Neutron's `ipv6_address_mode` (`slaac`, `dhcpv6-stateful`...), null for none or IPv4. */
  ipv6AddressMode: string | null;
}

/** A device the user tagged: a NIC (by its MAC) or a volume (by its serial, the volume id). */
export type MetadataDevice =
  { type: 'nic'; mac: string; tags: string[] } | { type: 'disk'; serial: string; tags: string[] };

/** Nova's EC2 instance id, `i-%08x` of an integer id. */
export const ec2InstanceId = (id: number): string => `i-${id.toString(16).padStart(8, '0')}`;
