import type { PolicyRule } from '../../common/policy/types.js';

export function rule(name: string, check: string, description = name): PolicyRule {
  return { name, check, description };
}

/**
 * Neutron Zed's defaults run with `enforce_new_defaults = False`: each new default is or-ed with
 * its deprecated rule, which in practice leaves the old rules in force. These are those checks.
 */
export const ADMIN = 'rule:context_is_admin';
export const ADMIN_OR_OWNER = 'rule:admin_or_owner';
export const ANY = '@';
