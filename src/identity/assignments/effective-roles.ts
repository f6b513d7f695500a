import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { AssignmentType, IdentitySchema } from '../db/schema.js';

type Db = Kysely<IdentitySchema>;

/** Where a token is scoped. */
export type RoleScope =
  { kind: 'project'; projectId: string } | { kind: 'domain'; domainId: string } | { kind: 'system' };

export interface EffectiveRole {
  id: string;
  name: string;
  domain_id: string | null;
}

interface Grant {
  types: [AssignmentType, AssignmentType];
  inherited: 0 | 1;
}

const ON_PROJECT: Grant = { types: ['UserProject', 'GroupProject'], inherited: 0 };
const INHERITED_FROM_PROJECT: Grant = { types: ['UserProject', 'GroupProject'], inherited: 1 };
const INHERITED_FROM_DOMAIN: Grant = { types: ['UserDomain', 'GroupDomain'], inherited: 1 };
const ON_DOMAIN: Grant = { types: ['UserDomain', 'GroupDomain'], inherited: 0 };
const ON_SYSTEM: Grant = { types: ['UserSystem', 'GroupSystem'], inherited: 0 };

type Tables = IdentitySchema & { ancestor: { id: string; parent_id: string | null } };

/**
 * The roles a user has on a scope, as Keystone puts them in a token: granted to the user or
 * to any of its groups; on a project also those inherited from the project's domain and from
 * its ancestors; every role the granted ones imply, transitively. On a project or domain,
 * domain-specific roles are left out (they only serve to imply global roles). One query: the
 * project's ancestors and the implication closure are recursive CTEs, whose `union` stops on
 * cycles.
 */
export async function effectiveRoles(db: Db, userId: string, scope: RoleScope): Promise<EffectiveRole[]> {
  const granted = (
    grant: Grant,
    target: (eb: ExpressionBuilder<Tables, 'assignment'>) => Expression<SqlBool>,
  ) => [grant, target] as const;
  const targets =
    scope.kind === 'project'
      ? [
          granted(ON_PROJECT, (eb) => eb('assignment.target_id', '=', scope.projectId)),
          granted(INHERITED_FROM_PROJECT, (eb) =>
            eb('assignment.target_id', 'in', eb.selectFrom('ancestor').select('ancestor.id')),
          ),
          granted(INHERITED_FROM_DOMAIN, (eb) =>
            eb(
              'assignment.target_id',
              '=',
              eb.selectFrom('project').select('project.domain_id').where('project.id', '=', scope.projectId),
            ),
          ),
        ]
      : scope.kind === 'domain'
        ? [granted(ON_DOMAIN, (eb) => eb('assignment.target_id', '=', scope.domainId))]
        : [granted(ON_SYSTEM, (eb) => eb('assignment.target_id', '=', 'system'))];
  const projectId = scope.kind === 'project' ? scope.projectId : '';

  const rows = await db
    .withRecursive('ancestor(id, parent_id)', (qb) =>
      qb
        .selectFrom('project')
        .select(['project.id', 'project.parent_id'])
        .where('project.id', '=', (sub) =>
          sub.selectFrom('project as child').select('child.parent_id').where('child.id', '=', projectId),
        )
        .union(
          qb
            .selectFrom('project')
            .innerJoin('ancestor', 'ancestor.parent_id', 'project.id')
            .select(['project.id', 'project.parent_id']),
        ),
    )
    .withRecursive('held(id)', (qb) =>
      qb
        .selectFrom('assignment')
        .select('assignment.role_id as id')
        .where((eb) =>
          eb.or(
            targets.map(([grant, target]) =>
              eb.and([
                eb('assignment.inherited', '=', grant.inherited),
                eb.or([
                  eb.and([
                    eb('assignment.type', '=', grant.types[0]),
                    eb('assignment.actor_id', '=', userId),
                  ]),
                  eb.and([
                    eb('assignment.type', '=', grant.types[1]),
                    eb(
                      'assignment.actor_id',
                      'in',
                      eb
                        .selectFrom('user_group_membership')
                        .select('user_group_membership.group_id')
                        .where('user_group_membership.user_id', '=', userId),
                    ),
                  ]),
                ]),
                target(eb),
              ]),
            ),
          ),
        )
        .union(
          qb
            .selectFrom('implied_role')
            .innerJoin('held', 'held.id', 'implied_role.prior_role_id')
            .select('implied_role.implied_role_id as id'),
        ),
    )
    .selectFrom('role')
    .innerJoin('held', 'held.id', 'role.id')
    .select(['role.id', 'role.name', 'role.domain_id'])
    .orderBy('role.name')
    .execute();
  return scope.kind === 'system' ? rows : rows.filter((role) => role.domain_id === null);
}

/** Role names by id, for the ids given; unknown ids are left out. */
export async function roleNamesById(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('role')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
