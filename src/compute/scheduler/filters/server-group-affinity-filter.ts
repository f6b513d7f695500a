import type { HostFilter } from './host-filter.js';

/**
 * For a group with the `affinity` policy, only the hosts its members already use (any host while
 * it has none). Runs for every instance: each pick adds its host to the group.
 */
export const serverGroupAffinityFilter: HostFilter = {
  name: 'ServerGroupAffinityFilter',
  runOncePerRequest: false,
  runOnRebuild: false,
  hostPasses(host, spec, note) {
    const group = spec.instanceGroup;
    if (!group || group.policy !== 'affinity' || group.hosts.length === 0) return true;
    if (group.hosts.includes(host.host)) return true;
    note(`Group affinity: ${host.host} not in ${group.hosts.join(', ')}`);
    return false;
  },
};
