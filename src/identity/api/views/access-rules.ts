import type { StoredAccessRule } from '../../application-credentials/access-rules.js';
import { entityLinks } from '../links.js';

/** An access rule as `/v3/users/{user_id}/access_rules` shows it; Keystone's self link omits the user. */
export function accessRuleView(baseUrl: string, rule: StoredAccessRule) {
  return {
    id: rule.id,
    service: rule.service,
    path: rule.path,
    method: rule.method,
    links: entityLinks(baseUrl, `access_rules/${rule.id}`),
  };
}
