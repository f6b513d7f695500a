import type { PolicyRule } from '../common/policy/types.js';

function rule(name: string, check: string, description: string): PolicyRule {
  return { name, check, description };
}

const ADMIN = 'rule:system_admin_api';
const READER = 'rule:system_reader_api';

/**
 * Placement Zed's default rules by name. Zed runs with `enforce_new_defaults = False`, so each
 * new default is or-ed with its deprecated one (`role:admin`): an admin on any scope may do
 * everything, a system reader may read, and a project reader may see its own project's usages.
 * Stratus's services (Nova's scheduler and compute agents) call placement as service users
 * with the `service` role, which counts as `admin_api` here.
 *
 * Targets: `{project_id, user_id}` for GET /usages (the queried ones); `{}` elsewhere.
 */
export const placementPolicies: PolicyRule[] = [
  rule('admin_api', 'role:admin or role:service', 'Default rule for most placement APIs.'),
  rule(
    'system_admin_api',
    'rule:admin_api or (role:admin and system_scope:all)',
    'Default rule for System Admin APIs.',
  ),
  rule(
    'system_reader_api',
    'rule:admin_api or (role:reader and system_scope:all)',
    'Default rule for System level read only APIs.',
  ),
  rule(
    'project_reader_api',
    'rule:admin_api or (role:reader and project_id:%(project_id)s)',
    'Default rule for Project level read only APIs.',
  ),
  rule(
    'system_or_project_reader',
    'rule:system_reader_api or rule:project_reader_api',
    'Default rule for System+Project read only APIs.',
  ),

  rule('placement:resource_providers:list', READER, 'List resource providers.'),
  rule('placement:resource_providers:create', ADMIN, 'Create resource provider.'),
  rule('placement:resource_providers:show', READER, 'Show resource provider.'),
  rule('placement:resource_providers:update', ADMIN, 'Update resource provider.'),
  rule('placement:resource_providers:delete', ADMIN, 'Delete resource provider.'),

  rule('placement:resource_providers:inventories:list', READER, 'List resource provider inventories.'),
  rule('placement:resource_providers:inventories:create', ADMIN, 'Create one resource provider inventory.'),
  rule('placement:resource_providers:inventories:show', READER, 'Show resource provider inventory.'),
  rule('placement:resource_providers:inventories:update', ADMIN, 'Update resource provider inventory.'),
  rule('placement:resource_providers:inventories:delete', ADMIN, 'Delete resource provider inventory.'),

  rule('placement:resource_providers:aggregates:list', READER, 'List resource provider aggregates.'),
  rule('placement:resource_providers:aggregates:update', ADMIN, 'Update resource provider aggregates.'),

  rule('placement:resource_providers:usages', READER, 'List resource provider usages.'),
  rule(
    'placement:usages',
    'rule:system_or_project_reader',
    'List total resource usages for a given project.',
  ),

  rule('placement:resource_providers:allocations:list', READER, 'List resource provider allocations.'),
  rule('placement:allocations:manage', ADMIN, 'Manage allocations.'),
  rule('placement:allocations:list', READER, 'List allocations.'),
  rule('placement:allocations:update', ADMIN, 'Update allocations.'),
  rule('placement:allocations:delete', ADMIN, 'Delete allocations.'),

  rule('placement:allocation_candidates:list', READER, 'List allocation candidates.'),

  rule('placement:resource_classes:list', READER, 'List resource classes.'),
  rule('placement:resource_classes:create', ADMIN, 'Create resource class.'),
  rule('placement:resource_classes:show', READER, 'Show resource class.'),
  rule('placement:resource_classes:update', ADMIN, 'Update resource class.'),
  rule('placement:resource_classes:delete', ADMIN, 'Delete resource class.'),

  rule('placement:traits:list', READER, 'List traits.'),
  rule('placement:traits:show', READER, 'Show trait.'),
  rule('placement:traits:update', ADMIN, 'Update trait.'),
  rule('placement:traits:delete', ADMIN, 'Delete trait.'),
  rule('placement:resource_providers:traits:list', READER, 'List resource provider traits.'),
  rule('placement:resource_providers:traits:update', ADMIN, 'Update resource provider traits.'),
  rule('placement:resource_providers:traits:delete', ADMIN, 'Delete resource provider traits.'),

  rule('placement:reshaper:reshape', ADMIN, 'Reshape Inventory and Allocations.'),
];
