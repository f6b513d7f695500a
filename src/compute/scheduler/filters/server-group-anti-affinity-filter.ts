import type { HostFilter } from './host-filter.js';

/**
 * For a group with the `anti-affinity` policy, only hosts with fewer of its members than the
 * `max_server_per_host` rule allows (1 without the rule). A host already holding the instance
 * being moved passes, so a resize may stay where it is.
 */
export const serverGroupAntiAffinityFilter: HostFilter = {
  name: 'ServerGroupAntiAffinityFilter',
  runOncePerRequest: false,
  runOnRebuild: false,
  hostPasses(host, spec, note) {
    const group = spec.instanceGroup;
    if (!group || group.policy !== 'anti-affinity') return true;
    if (spec.instanceUuid && host.instances.has(spec.instanceUuid)) return true;
    const membersOnHost = new Set(group.members.filter((uuid) => host.instances.has(uuid))).size;
    const maxServerPerHost = group.rules.max_server_per_host ?? 1;
    if (membersOnHost < maxServerPerHost) return true;
    note(
      `Group anti-affinity: ${membersOnHost} servers of group ${group.uuid} on host ${host.host}, ` +
        `at most ${maxServerPerHost} allowed`,
    );
    return false;
  },
};
