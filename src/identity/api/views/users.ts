import { entityLinks } from '../links.js';
import type { User } from '../../resources/users.js';

/** Keystone shows password expiry as a naive UTC time with microseconds: `2016-11-06T15:32:17.000000`. */
function expiryTime(stored: string | null): string | null {
  return stored === null ? null : stored.replace(/Z$/, '');
}

/**
 * A user as Keystone shows it, without links: also the policy target. Attributes (email,
 * description...) sit flat beside the fields; `default_project_id` only when set.
 */
export function userRef(user: User) {
  return {
    ...user.extra,
    id: user.id,
    name: user.name,
    domain_id: user.domainId,
    enabled: user.enabled,
    ...(user.defaultProjectId === null ? {} : { default_project_id: user.defaultProjectId }),
    password_expires_at: expiryTime(user.passwordExpiresAt),
    options: user.options,
  };
}

/**
 * A user with its links. Keystone's answer to an update also carries the attributes again as
 * `extra`; `withExtra` mirrors that.
 */
export function userView(baseUrl: string, user: User, options: { withExtra?: boolean } = {}) {
  return {
    ...userRef(user),
    ...(options.withExtra ? { extra: user.extra } : {}),
    links: entityLinks(baseUrl, `users/${user.id}`),
  };
}
