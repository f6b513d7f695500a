import type { ServiceTransport } from '../../common/clients/http-transport.js';

/** What `stratus up` makes, as DevStack does: the external `public` and the demo project's `private` with `router1`. */
export interface DefaultNetworksOptions {
  /** The CIDR of `public`; its first address is the gateway, on the host's bridge (br-ex). */
  publicCidr: string;
  /** The physical network `public` is a flat network on. */
  publicPhysicalNetwork: string;
  adminProjectId: string;
  demoProjectId: string;
}

type Record_ = { id: string } & Record<string, unknown>;

/** The n-th address of an IPv4 CIDR (1 = the first host). */
function nthAddress(cidr: string, n: number): string {
  const [address] = cidr.split('/');
  const value = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0) + n;
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

function lastHost(cidr: string): string {
  const prefix = Number(cidr.split('/')[1]);
  return nthAddress(cidr, 2 ** (32 - prefix) - 2);
}

/**
 * Makes the default networks through the API with the services' admin token, unless they
 * exist (by name, in their project): so a restart finds them as they were, and an operator who
 * deleted them is not overruled... until the next fresh data directory.
 */
export async function ensureDefaultNetworks(
  api: ServiceTransport,
  options: DefaultNetworksOptions,
): Promise<void> {
  const find = async (collection: string, query: Record<string, string>) => {
    const { body } = await api.request<Record<string, Record_[]>>('GET', `/v2.0/${collection}`, { query });
    return body[collection][0] ?? null;
  };
  const create = async (singular: string, collection: string, value: Record<string, unknown>) => {
    const { body } = await api.request<Record<string, Record_>>('POST', `/v2.0/${collection}`, {
      body: { [singular]: value },
    });
    return body[singular];
  };

  let publicNet = await find('networks', { name: 'public', project_id: options.adminProjectId });
  if (!publicNet) {
    publicNet = await create('network', 'networks', {
      name: 'public',
      project_id: options.adminProjectId,
      'router:external': true,
      'provider:network_type': 'flat',
      'provider:physical_network': options.publicPhysicalNetwork,
    });
    await create('subnet', 'subnets', {
      name: 'public-subnet',
      network_id: publicNet.id,
      project_id: options.adminProjectId,
      ip_version: 4,
      cidr: options.publicCidr,
      gateway_ip: nthAddress(options.publicCidr, 1),
      allocation_pools: [{ start: nthAddress(options.publicCidr, 2), end: lastHost(options.publicCidr) }],
      enable_dhcp: false,
    });
  }

  let privateNet = await find('networks', { name: 'private', project_id: options.demoProjectId });
  let privateSubnet: Record_ | null = null;
  if (!privateNet) {
    privateNet = await create('network', 'networks', { name: 'private', project_id: options.demoProjectId });
    privateSubnet = await create('subnet', 'subnets', {
      name: 'private-subnet',
      network_id: privateNet.id,
      project_id: options.demoProjectId,
      ip_version: 4,
      cidr: '10.0.0.0/26',
      gateway_ip: '10.0.0.1',
    });
  }

  if (!(await find('routers', { name: 'router1', project_id: options.demoProjectId }))) {
    const router = await create('router', 'routers', {
      name: 'router1',
      project_id: options.demoProjectId,
      external_gateway_info: { network_id: publicNet.id },
    });
    privateSubnet ??= await find('subnets', { network_id: privateNet.id, ip_version: '4' });
    if (privateSubnet) {
      await api.request('PUT', `/v2.0/routers/${router.id}/add_router_interface`, {
        body: { subnet_id: privateSubnet.id },
      });
    }
  }
}
