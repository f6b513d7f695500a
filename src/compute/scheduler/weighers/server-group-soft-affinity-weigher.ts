import { groupMembersOnHost } from './group-members-on-host.js';
import type { HostWeigher } from './host-weigher.js';
import { weightMultiplier } from './weight-multiplier.js';

/** The soft-affinity policy: hosts with more members of the group win. */
export function serverGroupSoftAffinityWeigher(options: { multiplier?: number } = {}): HostWeigher {
  const configured = options.multiplier ?? 1.0;
  return {
    name: 'ServerGroupSoftAffinityWeigher',
    weigh: (host, spec) => groupMembersOnHost(host, spec, 'soft-affinity'),
    multiplier: (host) => weightMultiplier(host, 'soft_affinity_weight_multiplier', configured),
  };
}
