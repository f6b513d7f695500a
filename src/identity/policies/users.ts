import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

const CLOUD_READER_OR_DOMAIN_READER_OR_SELF =
  'rule:cloud_reader or (role:reader and token.domain.id:%(target.user.domain_id)s) or ' +
  'user_id:%(target.user.id)s';
const CLOUD_ADMIN_OR_DOMAIN_ADMIN =
  'rule:cloud_admin or (role:admin and token.domain.id:%(target.user.domain_id)s)';
/**
 * Listing by the caller's own domain. The `not None` guard keeps a project-scoped caller (whose
 * domain_id is None) from matching a target whose domain_id is None too.
 */
const CLOUD_READER_OR_LISTING_DOMAIN_READER =
  'rule:cloud_reader or (role:reader and domain_id:%(target.domain_id)s and not None:%(target.domain_id)s)';

const GROUP_READER = 'rule:cloud_reader or (role:reader and domain_id:%(target.group.domain_id)s)';
const CLOUD_READER_OR_LISTING_GROUP_DOMAIN_READER =
  'rule:cloud_reader or ' +
  '(role:reader and domain_id:%(target.group.domain_id)s and not None:%(target.group.domain_id)s)';
const GROUP_ADMIN = 'rule:cloud_admin or (role:admin and domain_id:%(target.group.domain_id)s)';
const MEMBERSHIP_READER =
  'rule:cloud_reader or ' +
  '(role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.user.domain_id)s)';
const MEMBERSHIP_ADMIN =
  'rule:cloud_admin or ' +
  '(role:admin and domain_id:%(target.group.domain_id)s and domain_id:%(target.user.domain_id)s)';

/**
 * Users and groups.
 *
 * Targets, as Keystone's API builds them (rows as the API shows them; `user_id`/`group_id`
 * are the path parameters, at the top level beside `target`):
 * - get_user, update_user, delete_user: `{user_id, target: {user}}` (the stored user).
 * - create_user: `{target: {user}}` (the request body's user, with its domain_id resolved).
 * - list_users, list_groups: `{target: {domain_id}}` only when the token is domain-scoped, else
 *   `{}` (list_groups: `{target: {group: {domain_id}}}`), never a null domain_id.
 * - get_group, update_group, delete_group, list_users_in_group: `{group_id, target: {group}}`.
 * - create_group: `{target: {group}}` (the request body's group).
 * - list_groups_for_user: `{user_id, target: {user}}`.
 * - check_user_in_group, add_user_to_group, remove_user_from_group:
 *   `{user_id, group_id, target: {user, group}}`.
 * - list_projects_for_user, list_domains_for_user (GET /v3/auth/...): `{}`.
 */
export const userPolicies: PolicyRule[] = [
  rule('identity:get_user', CLOUD_READER_OR_DOMAIN_READER_OR_SELF, 'Show user details.'),
  rule('identity:list_users', CLOUD_READER_OR_LISTING_DOMAIN_READER, 'List users.'),
  rule('identity:list_projects_for_user', '', 'List all projects a user has access to via role assignments.'),
  rule('identity:list_domains_for_user', '', 'List all domains a user has access to via role assignments.'),
  rule('identity:create_user', CLOUD_ADMIN_OR_DOMAIN_ADMIN, 'Create a user.'),
  rule(
    'identity:update_user',
    CLOUD_ADMIN_OR_DOMAIN_ADMIN,
    'Update a user, including administrative password resets.',
  ),
  rule('identity:delete_user', CLOUD_ADMIN_OR_DOMAIN_ADMIN, 'Delete a user.'),

  rule('identity:get_group', GROUP_READER, 'Show group details.'),
  rule('identity:list_groups', CLOUD_READER_OR_LISTING_GROUP_DOMAIN_READER, 'List groups.'),
  rule(
    'identity:list_groups_for_user',
    'rule:cloud_reader or (role:reader and domain_id:%(target.user.domain_id)s) or user_id:%(user_id)s',
    'List groups to which a user belongs.',
  ),
  rule('identity:create_group', GROUP_ADMIN, 'Create group.'),
  rule('identity:update_group', GROUP_ADMIN, 'Update group.'),
  rule('identity:delete_group', GROUP_ADMIN, 'Delete group.'),
  rule('identity:list_users_in_group', GROUP_READER, 'List members of a specific group.'),
  rule('identity:check_user_in_group', MEMBERSHIP_READER, 'Check whether a user is a member of a group.'),
  rule('identity:add_user_to_group', MEMBERSHIP_ADMIN, 'Add user to group.'),
  rule('identity:remove_user_from_group', MEMBERSHIP_ADMIN, 'Remove user from group.'),
];
