import type { Kysely } from 'kysely';
import { ApiError, BadRequest, NotFound } from '../../common/http/errors.js';
import type { AssignmentType, IdentitySchema } from '../db/schema.js';
import type { RevocationFilter, Revocations } from '../tokens/revocations.js';
import { userIdsInGroup } from './assignment-refs.js';
import type { ProjectRow, RoleRow } from './lookups.js';
import { projectDescendants } from './project-tree.js';

type Db = Kysely<IdentitySchema>;

export type Actor = { kind: 'user'; id: string } | { kind: 'group'; id: string };
export type GrantTarget =
  { kind: 'project'; id: string } | { kind: 'domain'; id: string } | { kind: 'system' };

/** Who holds roles where: the key of the role grant APIs, less the role. */
export interface GrantHolder {
  actor: Actor;
  target: GrantTarget;
  /** OS-INHERIT: granted for the projects below the target rather than on it. */
  inherited: boolean;
}

const TYPES: Record<Actor['kind'], Record<GrantTarget['kind'], AssignmentType>> = {
  user: { project: 'UserProject', domain: 'UserDomain', system: 'UserSystem' },
  group: { project: 'GroupProject', domain: 'GroupDomain', system: 'GroupSystem' },
};

function targetId(target: GrantTarget): string {
  return target.kind === 'system' ? 'system' : target.id;
}

function where(holder: GrantHolder) {
  return {
    type: TYPES[holder.actor.kind][holder.target.kind],
    actor_id: holder.actor.id,
    target_id: targetId(holder.target),
    inherited: holder.inherited ? 1 : 0,
  };
}

function assignmentNotFound(holder: GrantHolder, roleId: string): NotFound {
  return new NotFound(
    `Could not find role assignment with role: ${roleId}, user or group: ${holder.actor.id}, ` +
      `project, domain, or system: ${targetId(holder.target)}.`,
  );
}

/**
 * Grants a role; granting one that is held already does nothing, as Keystone. A
 * domain-specific role may only be granted on projects of its domain, and never on the system.
 * `project` is the target project's row when the target is a project.
 */
export async function grantRole(
  db: Db,
  holder: GrantHolder,
  role: RoleRow,
  project?: ProjectRow,
): Promise<void> {
  if (role.domain_id && project && project.domain_id !== role.domain_id) {
    throw new ApiError(
      403,
      `Project ${project.id} must be in the same domain as the role ${role.id} being assigned.`,
    );
  }
  if (role.domain_id && holder.target.kind === 'system') {
    throw new BadRequest(
      `Role ${role.id} is a domain-specific role. Unable to use a domain-specific role in a system assignment.`,
    );
  }
  const row = { ...where(holder), role_id: role.id };
  await db.transaction().execute(async (tx) => {
    const held = await tx
      .selectFrom('assignment')
      .select('role_id')
      .where('type', '=', row.type)
      .where('actor_id', '=', row.actor_id)
      .where('target_id', '=', row.target_id)
      .where('role_id', '=', row.role_id)
      .where('inherited', '=', row.inherited)
      .executeTakeFirst();
    if (!held) await tx.insertInto('assignment').values(row).execute();
  });
}

/** Throws Keystone's RoleAssignmentNotFound (404) unless the role is granted. */
export async function checkGrant(db: Db, holder: GrantHolder, roleId: string): Promise<void> {
  const key = where(holder);
  const held = await db
    .selectFrom('assignment')
    .select('role_id')
    .where('type', '=', key.type)
    .where('actor_id', '=', key.actor_id)
    .where('target_id', '=', key.target_id)
    .where('inherited', '=', key.inherited)
    .where('role_id', '=', roleId)
    .executeTakeFirst();
  if (!held) throw assignmentNotFound(holder, roleId);
}

/** The roles granted to the actor on the target. */
export async function grantedRoles(db: Db, holder: GrantHolder): Promise<RoleRow[]> {
  const key = where(holder);
  return db
    .selectFrom('assignment')
    .innerJoin('role', 'role.id', 'assignment.role_id')
    .selectAll('role')
    .where('assignment.type', '=', key.type)
    .where('assignment.actor_id', '=', key.actor_id)
    .where('assignment.target_id', '=', key.target_id)
    .where('assignment.inherited', '=', key.inherited)
    .execute();
}

/**
 * Removes a grant (404 when it does not exist) and revokes the tokens it gave roles to: the
 * actor's (each member's, for a group) on the project, on the projects below it for an
 * inherited grant, on the domain and its projects for a domain grant, every token for a
 * system grant.
 */
export async function revokeGrant(
  db: Db,
  revocations: Revocations,
  holder: GrantHolder,
  roleId: string,
): Promise<void> {
  const key = where(holder);
  const result = await db
    .deleteFrom('assignment')
    .where('type', '=', key.type)
    .where('actor_id', '=', key.actor_id)
    .where('target_id', '=', key.target_id)
    .where('inherited', '=', key.inherited)
    .where('role_id', '=', roleId)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw assignmentNotFound(holder, roleId);

  const userIds =
    holder.actor.kind === 'user' ? [holder.actor.id] : await userIdsInGroup(db, holder.actor.id);
  const target = holder.target;
  let scopes: Omit<RevocationFilter, 'userId'>[];
  if (target.kind === 'system') scopes = [{}];
  else if (target.kind === 'domain') scopes = [{ domainId: target.id }];
  else if (!holder.inherited) scopes = [{ projectId: target.id }];
  else scopes = (await projectDescendants(db, target.id)).map((projectId) => ({ projectId }));
  for (const userId of userIds) {
    for (const scope of scopes) await revocations.revoke({ userId, ...scope });
  }
}
