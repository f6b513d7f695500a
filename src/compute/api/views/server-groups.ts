import type { Microversion } from '../../../common/http/microversion.js';
import type { ServerGroup } from '../../server-groups/server-groups-repo.js';

/** The microversion from which a group has one `policy` and its `rules`. */
export const GROUP_POLICY_OBJECT = '2.64';

/** `_format_server_group`: the uuid is the id; owners show from 2.13. */
export function serverGroupView(group: ServerGroup, version: Microversion) {
  return {
    id: group.uuid,
    name: group.name,
    // Before 2.64 the policy is a one-item list beside an always-empty metadata.
    ...(version.atLeast(GROUP_POLICY_OBJECT)
      ? { policy: group.policy, rules: group.rules }
      : { policies: [group.policy], metadata: {} }),
    members: group.members,
    ...(version.atLeast('2.13') ? { project_id: group.projectId, user_id: group.userId } : {}),
  };
}
