import { rule } from './rule.js';

/** neutron/conf/policies/quotas.py, as in force with the deprecated defaults: admin only. */
export const quotaPolicies = [
  rule('get_quota', 'rule:admin_only', 'Get resource quota(s) of another project'),
  rule('update_quota', 'rule:admin_only', 'Update resource quota(s)'),
  rule('delete_quota', 'rule:admin_only', 'Delete resource quota(s)'),
];
