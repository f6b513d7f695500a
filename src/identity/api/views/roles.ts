import { roleExtra, roleOptions, type RoleRow } from '../../assignments/index.js';
import { entityLinks } from '../links.js';

/**
 * A role as Keystone shows it: its extra attributes, then id, name, domain_id (null for a
 * global role), description, options and links. The table keeps a missing description as ''
 * and Keystone shows a missing one as null, so '' reads as null.
 */
export function roleView(baseUrl: string, role: RoleRow) {
  return {
    ...roleExtra(role),
    id: role.id,
    name: role.name,
    domain_id: role.domain_id,
    description: role.description === '' ? null : role.description,
    options: roleOptions(role),
    links: entityLinks(baseUrl, `roles/${role.id}`),
  };
}

/** A role as implication rules show it, prior or implied. */
export function inferenceRoleView(baseUrl: string, role: Pick<RoleRow, 'id' | 'name'>) {
  return { id: role.id, links: entityLinks(baseUrl, `roles/${role.id}`), name: role.name };
}
