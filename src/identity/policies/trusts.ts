import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

const TRUSTOR = 'user_id:%(target.trust.trustor_user_id)s';
const TRUSTEE = 'user_id:%(target.trust.trustee_user_id)s';
/**
 * Debian's Zed (the fix for CVE-2026-42999) lets any admin read and delete trusts besides a
 * system reader, so services' admins (Heat, Glance) keep working with the new defaults.
 */
const ADMIN_OR_READER = 'rule:admin_required or rule:cloud_reader';

/**
 * OS-TRUST (/v3/OS-TRUST/trusts).
 *
 * Targets, as Keystone's API builds them: create_trust takes `{target: {trust}}`, the request
 * body's trust (so only the trustor named in it may create it). list_trusts_for_trustor and
 * list_trusts_for_trustee take `{target: {trust: {trustor_user_id}}}` or `{... trustee_user_id}`
 * from the query; list_trusts takes `{}`. get_trust, delete_trust, list_roles_for_trust and
 * get_role_for_trust take `{target: {trust}}`, the stored trust (looked up first: a missing
 * one is 404 before any policy check, as upstream).
 */
export const trustPolicies: PolicyRule[] = [
  rule('identity:create_trust', TRUSTOR, 'Create trust.'),
  rule('identity:list_trusts', ADMIN_OR_READER, 'List trusts.'),
  rule('identity:list_trusts_for_trustor', `${ADMIN_OR_READER} or ${TRUSTOR}`, 'List trusts for trustor.'),
  rule('identity:list_trusts_for_trustee', `${ADMIN_OR_READER} or ${TRUSTEE}`, 'List trusts for trustee.'),
  rule(
    'identity:list_roles_for_trust',
    `${ADMIN_OR_READER} or ${TRUSTOR} or ${TRUSTEE}`,
    'List roles delegated by a trust.',
  ),
  rule(
    'identity:get_role_for_trust',
    `${ADMIN_OR_READER} or ${TRUSTOR} or ${TRUSTEE}`,
    'Check if trust delegates a particular role.',
  ),
  rule('identity:delete_trust', `rule:admin_required or ${TRUSTOR}`, 'Revoke trust.'),
  rule('identity:get_trust', `${ADMIN_OR_READER} or ${TRUSTOR} or ${TRUSTEE}`, 'Get trust.'),
];
