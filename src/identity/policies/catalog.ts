import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/**
 * Regions, services, endpoints and policy blobs (/v3/policies). Any authenticated user may
 * read regions; the rest is the cloud admin's. Targets: `{}` (Keystone passes the stored
 * row as `{target: {region | service | endpoint | policy}}`; no default rule reads it).
 */
export const catalogPolicies: PolicyRule[] = [
  rule('identity:get_region', '', 'Show region details.'),
  rule('identity:list_regions', '', 'List regions.'),
  rule('identity:create_region', 'rule:cloud_admin', 'Create region.'),
  rule('identity:update_region', 'rule:cloud_admin', 'Update region.'),
  rule('identity:delete_region', 'rule:cloud_admin', 'Delete region.'),

  rule('identity:get_service', 'rule:cloud_reader', 'Show service details.'),
  rule('identity:list_services', 'rule:cloud_reader', 'List services.'),
  rule('identity:create_service', 'rule:cloud_admin', 'Create service.'),
  rule('identity:update_service', 'rule:cloud_admin', 'Update service.'),
  rule('identity:delete_service', 'rule:cloud_admin', 'Delete service.'),

  rule('identity:get_endpoint', 'rule:cloud_reader', 'Show endpoint details.'),
  rule('identity:list_endpoints', 'rule:cloud_reader', 'List endpoints.'),
  rule('identity:create_endpoint', 'rule:cloud_admin', 'Create endpoint.'),
  rule('identity:update_endpoint', 'rule:cloud_admin', 'Update endpoint.'),
  rule('identity:delete_endpoint', 'rule:cloud_admin', 'Delete endpoint.'),

  rule('identity:get_policy', 'rule:cloud_reader', 'Show policy details.'),
  rule('identity:list_policies', 'rule:cloud_reader', 'List policies.'),
  rule('identity:create_policy', 'rule:cloud_admin', 'Create policy.'),
  rule('identity:update_policy', 'rule:cloud_admin', 'Update policy.'),
  rule('identity:delete_policy', 'rule:cloud_admin', 'Delete policy.'),
];
