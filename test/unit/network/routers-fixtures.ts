import type { NetworkTestApp } from '../../helpers/network-app.js';

/** Fixtures of the router and floating IP suites: networks with a subnet, routers, ports. */

/** A resource as the API answered it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are read field by field; a wrong field fails its assertion
export type Body = Record<string, any>;

export interface NetworkWithSubnet {
  network: Body;
  subnet: Body;
}

/** A network and one subnet on it, as `caller` makes them (the admin makes external ones). */
export async function networkWithSubnet(
  net: NetworkTestApp,
  options: {
    caller?: string;
    cidr: string;
    external?: boolean;
    ipVersion?: 4 | 6;
    subnet?: Record<string, unknown>;
  },
): Promise<NetworkWithSubnet> {
  const caller = options.external ? 'admin' : (options.caller ?? 'member');
  const { network } = await net.json('POST', '/networks', 201, {
    caller,
    body: { network: { name: 'n', ...(options.external ? { 'router:external': true } : {}) } },
  });
  const { subnet } = await net.json('POST', '/subnets', 201, {
    caller,
    body: {
      subnet: {
        network_id: network.id,
        cidr: options.cidr,
        ip_version: options.ipVersion ?? 4,
        ...options.subnet,
      },
    },
  });
  return { network, subnet };
}

/** A router of `caller`'s project (default the member's), optionally with a gateway. */
export async function createRouter(
  net: NetworkTestApp,
  body: Record<string, unknown> = {},
  caller = 'member',
): Promise<Body> {
  const { router } = await net.json('POST', '/routers', 201, {
    caller,
    body: { router: { name: 'r', ...body } },
  });
  return router;
}

/** PUTs a member action of a router and returns the response. */
export function routerAction(
  net: NetworkTestApp,
  routerId: string,
  action: string,
  body: unknown,
  caller = 'member',
) {
  return net.request('PUT', `/routers/${routerId}/${action}`, { caller, body });
}

/** A port on a network, as `caller` makes it. */
export async function createPort(
  net: NetworkTestApp,
  networkId: string,
  caller = 'member',
  extra: Record<string, unknown> = {},
): Promise<Body> {
  const { port } = await net.json('POST', '/ports', 201, {
    caller,
    body: { port: { network_id: networkId, ...extra } },
  });
  return port;
}
