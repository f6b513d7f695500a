import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

export const MESSAGE_POLICY = {
  getAll: 'message:get_all',
  get: 'message:get',
  delete: 'message:delete',
} as const;

/** cinder/policies/messages.py as Zed enforces it (the deprecated rules or-ed in). */
export const messagePolicies: PolicyRule[] = [
  rule(MESSAGE_POLICY.getAll, 'rule:admin_or_owner', 'List messages.'),
  rule(MESSAGE_POLICY.get, 'rule:admin_or_owner', 'Show message.'),
  rule(MESSAGE_POLICY.delete, 'rule:admin_or_owner', 'Delete message.'),
];
