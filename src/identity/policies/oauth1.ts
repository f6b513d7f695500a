import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/**
 * OAuth1 consumers. Keystone Zed says `admin_required` (readers: `or role:reader and
 * system_scope:all`) with scope types system and project, which we read as the cloud admin
 * (cloud reader), as for the catalog. Targets: the path's `consumer_id`, which no rule reads.
 */
export const oauth1Policies: PolicyRule[] = [
  rule('identity:get_consumer', 'rule:cloud_reader', 'Show OAUTH1 consumer details.'),
  rule('identity:list_consumers', 'rule:cloud_reader', 'List OAUTH1 consumers.'),
  rule('identity:create_consumer', 'rule:cloud_admin', 'Create OAUTH1 consumer.'),
  rule('identity:update_consumer', 'rule:cloud_admin', 'Update OAUTH1 consumer.'),
  rule('identity:delete_consumer', 'rule:cloud_admin', 'Delete OAUTH1 consumer.'),
];
