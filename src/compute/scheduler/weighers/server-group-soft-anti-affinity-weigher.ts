import { groupMembersOnHost } from './group-members-on-host.js';
import type { HostWeigher } from './host-weigher.js';
import { weightMultiplier } from './weight-multiplier.js';

/** The soft-anti-affinity policy: hosts with fewer members of the group win. */
export function serverGroupSoftAntiAffinityWeigher(options: { multiplier?: number } = {}): HostWeigher {
  const configured = options.multiplier ?? 1.0;
  return {
    name: 'ServerGroupSoftAntiAffinityWeigher',
    weigh: (host, spec) => -groupMembersOnHost(host, spec, 'soft-anti-affinity'),
    multiplier: (host) => weightMultiplier(host, 'soft_anti_affinity_weight_multiplier', configured),
  };
}
