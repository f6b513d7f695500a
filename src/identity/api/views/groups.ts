import { entityLinks } from '../links.js';
import type { Group } from '../../resources/groups.js';

/** A group as Keystone shows it, without links: also the policy target. */
export function groupRef(group: Group) {
  return {
    ...group.extra,
    id: group.id,
    name: group.name,
    domain_id: group.domainId,
    description: group.description,
  };
}

/**
 * A group with its links. In a user's group list Keystone adds `membership_expires_at`, null
 * for the lasting memberships this cloud has (expiring ones come only from federation).
 */
export function groupView(baseUrl: string, group: Group, options: { membership?: boolean } = {}) {
  return {
    ...groupRef(group),
    ...(options.membership ? { membership_expires_at: null } : {}),
    links: entityLinks(baseUrl, `groups/${group.id}`),
  };
}
