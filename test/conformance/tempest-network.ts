/**
 * What Tempest's network tests need to know of the cloud, asked of its network API (so that one
 * tempest.conf fits Stratus and upstream Neutron alike): the external network floating IPs and
 * router gateways come from, the API extensions it lists, and whether its subnets take the IPv6
 * address modes (SLAAC, DHCPv6) Tempest's DHCPv6 tests create.
 */
import type { Login } from './catalog.js';

export interface NetworkFacts {
  /** The id of the external network named `public`; empty when the cloud has none. */
  publicNetworkId: string;
  /** The aliases `GET /v2.0/extensions` lists, in its order. */
  extensions: string[];
  /** Whether an IPv6 subnet with `ipv6_ra_mode` and `ipv6_address_mode` slaac can be created. */
  ipv6SubnetAttributes: boolean;
}

/** The name of the external network the all-in-one cloud ships, as DevStack names it. */
export const PUBLIC_NETWORK_NAME = 'public';

type Body = Record<string, unknown>;

async function request(url: string, login: Login, method: string, body?: Body) {
  const response = await fetch(url, {
    method,
    headers: {
      'X-Auth-Token': login.token,
      Accept: 'application/json',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, text, body: (text ? JSON.parse(text) : {}) as Body };
}

async function read(url: string, login: Login): Promise<Body> {
  const answer = await request(url, login, 'GET');
  if (answer.status !== 200) throw new Error(`GET ${url}: ${answer.status} ${answer.text}`);
  return answer.body;
}

/**
 * Creates a network with an IPv6 SLAAC subnet as the admin, then deletes both: the subnet is
 * created only by an API that knows the modes. Any failure means no.
 */
async function probeIpv6SubnetAttributes(api: string, login: Login): Promise<boolean> {
  const network = await request(`${api}/networks`, login, 'POST', {
    network: { name: `conformance-ipv6-probe-${Date.now()}` },
  });
  const networkId = (network.body.network as Body | undefined)?.id;
  if (network.status !== 201 || typeof networkId !== 'string') return false;
  try {
    const subnet = await request(`${api}/subnets`, login, 'POST', {
      subnet: {
        network_id: networkId,
        ip_version: 6,
        cidr: '2001:db8:ffff::/64',
        ipv6_ra_mode: 'slaac',
        ipv6_address_mode: 'slaac',
      },
    });
    const created = subnet.body.subnet as Body | undefined;
    return (
      subnet.status === 201 && created?.ipv6_ra_mode === 'slaac' && created.ipv6_address_mode === 'slaac'
    );
  } finally {
    // Deleting the network deletes its subnet too.
    await request(`${api}/networks/${networkId}`, login, 'DELETE');
  }
}

export async function probeNetwork(networkUrl: string, login: Login): Promise<NetworkFacts> {
  const api = `${networkUrl.replace(/\/+$/, '')}/v2.0`;
  const externals = await read(
    `${api}/networks?name=${PUBLIC_NETWORK_NAME}&router%3Aexternal=true&fields=id`,
    login,
  );
  const publicNetwork = (externals.networks as Body[])[0];
  const extensions = (await read(`${api}/extensions`, login)).extensions as Body[];
  return {
    publicNetworkId: publicNetwork ? String(publicNetwork.id) : '',
    extensions: extensions.map((extension) => String(extension.alias)),
    ipv6SubnetAttributes: await probeIpv6SubnetAttributes(api, login).catch(() => false),
  };
}
