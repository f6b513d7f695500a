import type { HostState } from '../host-state.js';
import type { RequestSpec, ServerGroupPolicy } from '../request-spec.js';

/** How many members of the request's group run on the host, when the group has the policy. */
export function groupMembersOnHost(host: HostState, spec: RequestSpec, policy: ServerGroupPolicy): number {
  const group = spec.instanceGroup;
  if (!group || group.policy !== policy) return 0;
  return new Set(group.members.filter((uuid) => host.instances.has(uuid))).size;
}
