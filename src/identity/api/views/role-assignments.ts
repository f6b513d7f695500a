import type { AssignmentNames, AssignmentRef, NamedInDomain } from '../../assignments/index.js';

function named(id: string, entry: NamedInDomain | undefined) {
  return {
    id,
    name: entry?.name ?? '',
    domain: { id: entry?.domainId ?? '', name: entry?.domainName ?? '' },
  };
}

/** The scope of an assignment, and the start of its grant URL: where the role was granted. */
interface Scoped {
  scope: Record<string, unknown>;
  /** The grant URL's target part, e.g. `/projects/{id}`. */
  path: string;
  inherited: boolean;
}

function scopeOf(ref: AssignmentRef, names: AssignmentNames | undefined): Scoped {
  const indirect = ref.indirect ?? {};
  if (ref.projectId) {
    const project = names ? named(ref.projectId, names.projects.get(ref.projectId)) : { id: ref.projectId };
    if (indirect.domainId)
      return { scope: { project }, path: `/domains/${indirect.domainId}`, inherited: true };
    if (indirect.projectId)
      return { scope: { project }, path: `/projects/${indirect.projectId}`, inherited: true };
    return { scope: { project }, path: `/projects/${ref.projectId}`, inherited: Boolean(ref.inherited) };
  }
  if (ref.domainId) {
    const domain = names
      ? { id: ref.domainId, name: names.domains.get(ref.domainId) ?? '' }
      : { id: ref.domainId };
    return { scope: { domain }, path: `/domains/${ref.domainId}`, inherited: Boolean(ref.inherited) };
  }
  return { scope: { system: { all: true } }, path: '/system', inherited: false };
}

/**
 * One role assignment as Keystone shows it: the actor (user or group), the scope (project,
 * domain or system; `OS-INHERIT:inherited_to` for inherited ones, including those an inherited
 * grant gave a project), the role, and links: `assignment`, the grant API URL of the
 * assignment it comes from (the group's, the inherited grant's, the prior role's), and
 * `membership` / `prior_role` for assignments expanded from a group or an implied role. With
 * `names`, every entity also shows its name and, where it has one, its domain.
 */
export function roleAssignmentView(baseUrl: string, ref: AssignmentRef, names?: AssignmentNames) {
  const indirect = ref.indirect ?? {};
  const links: Record<string, string> = {};
  const { scope, inherited, path: grantedOn } = scopeOf(ref, names);
  let path = grantedOn;
  const view: Record<string, unknown> = { links, scope };

  if (ref.userId) {
    view.user = names ? named(ref.userId, names.users.get(ref.userId)) : { id: ref.userId };
    if (indirect.groupId) {
      links.membership = `${baseUrl}/v3/groups/${indirect.groupId}/users/${ref.userId}`;
      path += `/groups/${indirect.groupId}`;
    } else {
      path += `/users/${ref.userId}`;
    }
  } else if (ref.groupId) {
    view.group = names ? named(ref.groupId, names.groups.get(ref.groupId)) : { id: ref.groupId };
    path += `/groups/${ref.groupId}`;
  }

  const role = names?.roles.get(ref.roleId);
  view.role = !names
    ? { id: ref.roleId }
    : role?.domainId
      ? { id: ref.roleId, name: role.name, domain: { id: role.domainId, name: role.domainName } }
      : { id: ref.roleId, name: role?.name ?? '' };

  // Keystone's own (odd) link shapes: the grant named with the prior role, and a
  // `/prior_role/{implied}/implies/{prior}` link.
  if (indirect.roleId) {
    path += `/roles/${indirect.roleId}`;
    links.prior_role = `${baseUrl}/v3/prior_role/${ref.roleId}/implies/${indirect.roleId}`;
  } else {
    path += `/roles/${ref.roleId}`;
  }
  if (inherited) {
    scope['OS-INHERIT:inherited_to'] = 'projects';
    path = `/OS-INHERIT${path}/inherited_to_projects`;
  }
  links.assignment = `${baseUrl}/v3${path}`;
  return view;
}
