import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/**
 * OS-EP-FILTER: endpoint groups and endpoint-project associations. Keystone Zed says
 * `admin_required` for writes and `admin_required or (role:reader and system_scope:all)` for
 * reads, scoped to system and project, which we read as the cloud admin and the cloud reader.
 * Targets: the path's ids, which no rule reads.
 */
export const endpointFilterPolicies: PolicyRule[] = [
  rule('identity:create_endpoint_group', 'rule:cloud_admin', 'Create endpoint group.'),
  rule('identity:list_endpoint_groups', 'rule:cloud_reader', 'List endpoint groups.'),
  rule('identity:get_endpoint_group', 'rule:cloud_reader', 'Get endpoint group.'),
  rule('identity:update_endpoint_group', 'rule:cloud_admin', 'Update endpoint group.'),
  rule('identity:delete_endpoint_group', 'rule:cloud_admin', 'Delete endpoint group.'),
  rule(
    'identity:list_projects_associated_with_endpoint_group',
    'rule:cloud_reader',
    'List all projects associated with a specific endpoint group.',
  ),
  rule(
    'identity:list_endpoints_associated_with_endpoint_group',
    'rule:cloud_reader',
    'List all endpoints associated with an endpoint group.',
  ),
  rule(
    'identity:get_endpoint_group_in_project',
    'rule:cloud_reader',
    'Check if an endpoint group is associated with a project.',
  ),
  rule(
    'identity:list_endpoint_groups_for_project',
    'rule:cloud_reader',
    'List endpoint groups associated with a specific project.',
  ),
  rule(
    'identity:add_endpoint_group_to_project',
    'rule:cloud_admin',
    'Allow a project to access an endpoint group.',
  ),
  rule(
    'identity:remove_endpoint_group_from_project',
    'rule:cloud_admin',
    'Remove endpoint group from project.',
  ),
  rule(
    'identity:list_projects_for_endpoint',
    'rule:cloud_reader',
    'List projects allowed to access an endpoint.',
  ),
  rule('identity:add_endpoint_to_project', 'rule:cloud_admin', 'Allow project to access an endpoint.'),
  rule(
    'identity:check_endpoint_in_project',
    'rule:cloud_reader',
    'Check if a project is allowed to access an endpoint.',
  ),
  rule(
    'identity:list_endpoints_for_project',
    'rule:cloud_reader',
    'List the endpoints a project is allowed to access.',
  ),
  rule(
    'identity:remove_endpoint_from_project',
    'rule:cloud_admin',
    'Revoke access to an endpoint from a project.',
  ),
];
