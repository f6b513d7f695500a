import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/**
 * Auth, tokens and revocations.
 *
 * Targets: the /v3/auth/{catalog,projects,domains,system} rules take `{}`. Token checks
 * (GET, HEAD, DELETE /v3/auth/tokens) take `{target: {token: {user_id}}}`, the owner of the
 * X-Subject-Token. The others (revocation events, EC2/S3 token validation) take `{}`.
 */
export const tokenPolicies: PolicyRule[] = [
  rule('identity:get_auth_catalog', '', 'Get service catalog.'),
  rule('identity:get_auth_projects', '', 'List all projects a user has access to via role assignments.'),
  rule('identity:get_auth_domains', '', 'List all domains a user has access to via role assignments.'),
  rule('identity:get_auth_system', '', 'List systems a user has access to via role assignments.'),
  rule('identity:check_token', 'rule:cloud_reader or rule:token_subject', 'Check a token.'),
  rule(
    'identity:validate_token',
    'rule:cloud_reader or rule:service_role or rule:token_subject',
    'Validate a token.',
  ),
  rule('identity:revoke_token', 'rule:cloud_admin or rule:token_subject', 'Revoke a token.'),
  rule('identity:revocation_list', 'rule:service_or_admin', 'List revoked PKI tokens.'),
  rule('identity:list_revoke_events', 'rule:service_or_admin', 'List revocation events.'),
  rule(
    'identity:ec2tokens_validate',
    'rule:service_or_admin',
    'Validate an EC2 signature (POST /v3/ec2tokens).',
  ),
  rule(
    'identity:s3tokens_validate',
    'rule:service_or_admin',
    'Validate an S3 signature (POST /v3/s3tokens).',
  ),
];
