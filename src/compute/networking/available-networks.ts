import type { NetworkClient } from '../../common/clients/network-client.js';
import type { NeutronNetwork } from '../../common/clients/network-types.js';

/**
 * `_get_available_networks`: the networks asked for by id (each once, in the order asked), or else the
 * project's own unshared networks followed by the shared ones, as the client's caller sees them.
 */
export async function availableNetworks(
  client: NetworkClient,
  projectId: string,
  networkIds: readonly string[] = [],
): Promise<NeutronNetwork[]> {
  if (networkIds.length > 0) {
    const ids = [...new Set(networkIds)];
    const byId = new Map((await client.listNetworks({ id: ids })).map((network) => [network.id, network]));
    return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }
  const own = await client.listNetworks({ tenant_id: projectId, shared: false });
  const shared = await client.listNetworks({ shared: true });
  return [...own, ...shared];
}

/** An external network that is not shared: attaching to it takes `network:attach_external_network`. */
export const isUnsharedExternal = (network: NeutronNetwork): boolean =>
  network['router:external'] === true && !network.shared;
