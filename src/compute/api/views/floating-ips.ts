import type { NeutronNetwork } from '../../../common/clients/network-types.js';
import type { FloatingIpDetails } from '../../networking/floating-ip-api.js';

/** `_translate_floating_ip_view`: the pool is the external network's name (its id without one). */
export function floatingIpView({ floatingIp, network, instanceId }: FloatingIpDetails) {
  return {
    fixed_ip: floatingIp.fixed_ip_address,
    id: floatingIp.id,
    instance_id: instanceId,
    ip: floatingIp.floating_ip_address,
    pool: network.name || network.id,
  };
}

/** A floating IP pool: an external network, by name. */
export const poolView = (network: NeutronNetwork) => ({ name: network.name || network.id });
