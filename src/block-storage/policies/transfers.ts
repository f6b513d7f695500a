import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

export const TRANSFER_POLICY = {
  getAll: 'volume:get_all_transfers',
  create: 'volume:create_transfer',
  get: 'volume:get_transfer',
  accept: 'volume:accept_transfer',
  delete: 'volume:delete_transfer',
} as const;

/**
 * cinder/policies/volume_transfer.py as Zed enforces it: each new default or-ed with its
 * deprecated rule, `admin_or_owner` for all but accepting, whose deprecated rule is the empty
 * (always true) check: anyone holding the id and the key may accept.
 */
export const transferPolicies: PolicyRule[] = [
  rule(TRANSFER_POLICY.getAll, 'rule:admin_or_owner', 'List volume transfer.'),
  rule(TRANSFER_POLICY.create, 'rule:admin_or_owner', 'Create a volume transfer.'),
  rule(TRANSFER_POLICY.get, 'rule:admin_or_owner', 'Show one specified volume transfer.'),
  rule(TRANSFER_POLICY.accept, '', 'Accept a volume transfer.'),
  rule(TRANSFER_POLICY.delete, 'rule:admin_or_owner', 'Delete volume transfer.'),
];
