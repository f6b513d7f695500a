import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/**
 * Domain-specific configuration. As Keystone Zed with its scope types (system, project): the
 * cloud admin writes, the cloud reader reads; a domain admin has no say, even over its own
 * domain. The [security_compliance] password rules are readable by anyone, so clients can tell
 * users what a password must look like. Targets: the path's `domain_id`, `group`, `option`.
 */
export const domainConfigPolicies: PolicyRule[] = [
  rule('identity:create_domain_config', 'rule:cloud_admin', 'Create domain configuration.'),
  rule(
    'identity:get_domain_config',
    'rule:cloud_reader',
    'Get the entire domain configuration for a domain, an option group within a domain, or a specific configuration option within a group for a domain.',
  ),
  rule(
    'identity:get_security_compliance_domain_config',
    '',
    'Get security compliance domain configuration for either a domain or a specific option in a domain.',
  ),
  rule(
    'identity:update_domain_config',
    'rule:cloud_admin',
    'Update domain configuration for either a domain, specific group or a specific option in a group.',
  ),
  rule(
    'identity:delete_domain_config',
    'rule:cloud_admin',
    'Delete domain configuration for either a domain, specific group or a specific option in a group.',
  ),
  rule(
    'identity:get_domain_config_default',
    'rule:cloud_reader',
    'Get domain configuration default for either a domain, specific group or a specific option in a group.',
  ),
];
