import type { ApplicationCredential } from '../../application-credentials/application-credentials.js';
import { showExpiry } from '../../application-credentials/expiry.js';
import { parseJsonObject } from '../../catalog/extras.js';
import { entityLinks } from '../links.js';

/**
 * An application credential as Keystone shows it. Its roles are shown in full; its access rules
 * only when it has some; the secret only in the create response. The self link is Keystone's,
 * which omits the user.
 */
export function applicationCredentialView(
  baseUrl: string,
  credential: ApplicationCredential,
  secret?: string,
) {
  return {
    id: credential.id,
    name: credential.name,
    description: credential.description,
    user_id: credential.user_id,
    project_id: credential.project_id,
    system: null,
    expires_at: showExpiry(credential.expires_at),
    unrestricted: credential.unrestricted === 1,
    roles: credential.roles.map((role) => ({
      id: role.id,
      name: role.name,
      domain_id: role.domain_id,
      description: role.description || null,
      options: parseJsonObject(role.options),
    })),
    ...(credential.accessRules.length === 0 ? {} : { access_rules: credential.accessRules }),
    ...(secret === undefined ? {} : { secret }),
    links: entityLinks(baseUrl, `application_credentials/${credential.id}`),
  };
}
