import type { LinkState } from '../../../../../src/network/drivers/linux/links.js';

/** A device as `ip -j -d address show` prints it, from the few fields the driver reads. */
export function linkJson(link: Partial<LinkState> & { name: string }) {
  const kind = link.kind === undefined ? 'veth' : link.kind;
  return {
    ifname: link.name,
    flags: link.up === false ? ['BROADCAST', 'MULTICAST'] : ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: link.mtu ?? 1500,
    ...(link.master ? { master: link.master } : {}),
    address: link.mac ?? '02:00:00:00:00:01',
    ...(link.alias ? { ifalias: link.alias } : {}),
    ...(kind === null
      ? {}
      : {
          linkinfo: {
            info_kind: kind,
            ...(kind === 'bridge'
              ? {
                  info_data: {
                    nf_call_iptables: link.bridgeFiltered === false ? 0 : 1,
                    nf_call_ip6tables: link.bridgeFiltered === false ? 0 : 1,
                  },
                }
              : {}),
          },
        }),
    addr_info: [
      { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link' },
      ...(link.addresses ?? []).map((cidr) => {
        const [local, prefixlen] = cidr.split('/');
        return {
          family: local.includes(':') ? 'inet6' : 'inet',
          local,
          prefixlen: Number(prefixlen),
          scope: 'global',
        };
      }),
    ],
  };
}

/** `parseLinks` input for these devices. */
export const linksText = (...links: (Partial<LinkState> & { name: string })[]) =>
  JSON.stringify(links.map(linkJson));
