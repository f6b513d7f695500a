import type { PolicyRule } from '../../common/policy/types.js';

export function rule(name: string, check: string, description: string): PolicyRule {
  return { name, check, description };
}

/**
 * cinder/policies/base.py as Zed enforces it (`enforce_new_defaults = False`: each new default
 * or-ed with its deprecated rule, which comes down to these).
 */
export const basePolicies: PolicyRule[] = [
  rule('context_is_admin', 'role:admin', 'Decides what is required for the is_admin:True check to succeed.'),
  rule('admin_or_owner', 'rule:context_is_admin or project_id:%(project_id)s', 'Admin or the owner.'),
  rule('admin_api', 'rule:context_is_admin', 'Admin only.'),
];
