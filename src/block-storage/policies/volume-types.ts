import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/** The `role:admin or project reader` of Xena's rules, which Zed's deprecated rules fall back to. */
const ADMIN_OR_PROJECT_READER = 'role:admin or (role:reader and project_id:%(project_id)s)';

/**
 * cinder/policies/{volume_type,type_extra_specs,volume_access,default_types}.py as Zed enforces
 * them (new defaults or-ed with their deprecated rules).
 */
export const volumeTypePolicies: PolicyRule[] = [
  rule('volume_extension:type_create', 'rule:admin_api', 'Create volume type.'),
  rule('volume_extension:type_update', 'rule:admin_api', 'Update volume type.'),
  rule('volume_extension:type_delete', 'rule:admin_api', 'Delete volume type.'),
  // Deprecated as "" (always), so anyone may read the types they can see.
  rule('volume_extension:type_get', '', 'Get one specific volume type.'),
  rule('volume_extension:type_get_all', '', 'List volume types.'),
  rule(
    'volume_extension:access_types_extra_specs',
    `${ADMIN_OR_PROJECT_READER} or rule:admin_api`,
    'Include the volume type extra specs in the type views.',
  ),
  rule(
    'volume_extension:access_types_qos_specs_id',
    'rule:admin_api',
    'Include the volume type QoS specs id in the type views.',
  ),
  rule('volume_extension:types_extra_specs:index', '', "List a volume type's extra specs."),
  rule('volume_extension:types_extra_specs:show', '', "Show one of a volume type's extra specs."),
  rule('volume_extension:types_extra_specs:create', 'rule:admin_api', 'Create volume type extra specs.'),
  rule('volume_extension:types_extra_specs:update', 'rule:admin_api', 'Update a volume type extra spec.'),
  rule('volume_extension:types_extra_specs:delete', 'rule:admin_api', 'Delete a volume type extra spec.'),
  rule(
    'volume_extension:types_extra_specs:read_sensitive',
    'rule:admin_api',
    'Include the extra specs that are not user visible in the views.',
  ),
  rule(
    'volume_extension:volume_type_access',
    'rule:admin_or_owner',
    'Volume type access related APIs: adds os-volume-type-access:is_public to the views.',
  ),
  rule(
    'volume_extension:volume_type_access:addProjectAccess',
    'rule:admin_api',
    'Add volume type access for project.',
  ),
  rule(
    'volume_extension:volume_type_access:removeProjectAccess',
    'rule:admin_api',
    'Remove volume type access for project.',
  ),
  rule(
    'volume_extension:volume_type_access:get_all_for_type',
    'rule:admin_api',
    'List private volume type access detail.',
  ),
  rule('volume_extension:default_set_or_update', 'rule:admin_api', 'Set or update default volume type.'),
  rule('volume_extension:default_get', 'rule:admin_api', 'Get default types.'),
  rule('volume_extension:default_get_all', 'rule:admin_api', 'Get all default types.'),
  rule('volume_extension:default_unset', 'rule:admin_api', 'Unset default type.'),
];
