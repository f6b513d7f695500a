import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

const CLOUD_READER_OR_CREDENTIAL_OWNER = 'rule:cloud_reader or user_id:%(target.credential.user_id)s';
const CLOUD_ADMIN_OR_CREDENTIAL_OWNER = 'rule:cloud_admin or user_id:%(target.credential.user_id)s';
/** EC2 keys give S3 access as the user, so making or deleting one takes more than a reader. */
const CLOUD_ADMIN_OR_MEMBER_CREDENTIAL_OWNER =
  'rule:cloud_admin or (role:member and user_id:%(target.credential.user_id)s)';

/**
 * Credentials (/v3/credentials), EC2 credentials (/v3/users/{user_id}/credentials/OS-EC2),
 * application credentials and their access rules.
 *
 * Targets, as Keystone's API builds them:
 * - get_credential, update_credential, delete_credential: `{credential_id, target: {credential}}`
 *   (the stored row; update_credential is checked again on the row as it would become).
 *   create_credential: `{target: {credential}}`, the request body's. list_credentials:
 *   `{target: {credential: {user_id}}}` with the caller's id unless system-scoped (`{}`), and
 *   each listed row is then filtered through get_credential.
 * - ec2_list_credentials: `{user_id}` (the path's). ec2_create_credential:
 *   `{user_id, target: {credential: {user_id}}}` with the path's user. ec2_get_credential,
 *   ec2_delete_credential: `{user_id, credential_id, target: {credential}}`, the stored row.
 * - list_application_credentials, create_application_credential: `{user_id}` (the path's).
 *   get_application_credential, delete_application_credential: `{user_id, target: {user_id}}`
 *   where user_id is the stored credential's owner, NOT the path's, or anyone could read
 *   another user's credential by putting their own id in the path.
 * - get_access_rule, list_access_rules, delete_access_rule: `{user_id, target: {user}}`.
 */
export const credentialPolicies: PolicyRule[] = [
  rule('identity:get_credential', CLOUD_READER_OR_CREDENTIAL_OWNER, 'Show credentials details.'),
  rule('identity:list_credentials', CLOUD_READER_OR_CREDENTIAL_OWNER, 'List credentials.'),
  rule('identity:create_credential', CLOUD_ADMIN_OR_CREDENTIAL_OWNER, 'Create credential.'),
  rule('identity:update_credential', CLOUD_ADMIN_OR_CREDENTIAL_OWNER, 'Update credential.'),
  rule('identity:delete_credential', CLOUD_ADMIN_OR_CREDENTIAL_OWNER, 'Delete credential.'),

  rule('identity:ec2_get_credential', CLOUD_READER_OR_CREDENTIAL_OWNER, 'Show ec2 credential details.'),
  rule('identity:ec2_list_credentials', 'rule:cloud_reader or rule:owner', 'List ec2 credentials.'),
  rule('identity:ec2_create_credential', CLOUD_ADMIN_OR_MEMBER_CREDENTIAL_OWNER, 'Create ec2 credential.'),
  rule('identity:ec2_delete_credential', CLOUD_ADMIN_OR_MEMBER_CREDENTIAL_OWNER, 'Delete ec2 credential.'),

  rule(
    'identity:get_application_credential',
    'rule:cloud_reader or rule:owner',
    'Show application credential details.',
  ),
  rule(
    'identity:list_application_credentials',
    'rule:cloud_reader or rule:owner',
    'List application credentials for a user.',
  ),
  rule('identity:create_application_credential', 'user_id:%(user_id)s', 'Create an application credential.'),
  rule(
    'identity:delete_application_credential',
    'rule:cloud_admin or rule:owner',
    'Delete an application credential.',
  ),

  rule(
    'identity:get_access_rule',
    'rule:cloud_reader or user_id:%(target.user.id)s',
    'Show access rule details.',
  ),
  rule(
    'identity:list_access_rules',
    'rule:cloud_reader or user_id:%(target.user.id)s',
    'List access rules for a user.',
  ),
  rule(
    'identity:delete_access_rule',
    'rule:cloud_admin or user_id:%(target.user.id)s',
    'Delete an access_rule.',
  ),
];
