import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import type { AssignmentRef } from './assignment-refs.js';

type Db = Kysely<IdentitySchema>;

/** A named thing that lives in a domain (user, group, project, domain-specific role). */
export interface NamedInDomain {
  name: string;
  domainId: string | null;
  domainName: string;
}

/** The names `include_names` shows, looked up for a whole listing at once. */
export interface AssignmentNames {
  users: Map<string, NamedInDomain>;
  groups: Map<string, NamedInDomain>;
  projects: Map<string, NamedInDomain>;
  domains: Map<string, string>;
  roles: Map<string, NamedInDomain>;
}

function idsOf(refs: AssignmentRef[], key: 'userId' | 'groupId' | 'projectId' | 'domainId' | 'roleId') {
  return [...new Set(refs.flatMap((ref) => (ref[key] ? [ref[key] as string] : [])))];
}

async function inDomain(
  db: Db,
  table: 'user' | 'group' | 'project',
  ids: string[],
): Promise<Map<string, NamedInDomain>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom(table)
    .innerJoin('domain', 'domain.id', `${table}.domain_id`)
    .select([
      `${table}.id as id`,
      `${table}.name as name`,
      'domain.id as domainId',
      'domain.name as domainName',
    ])
    .where(`${table}.id`, 'in', ids)
    .execute();
  return new Map(
    rows.map((row) => [row.id, { name: row.name, domainId: row.domainId, domainName: row.domainName }]),
  );
}

export async function assignmentNames(db: Db, refs: AssignmentRef[]): Promise<AssignmentNames> {
  const domainIds = idsOf(refs, 'domainId');
  const roleIds = idsOf(refs, 'roleId');
  const [users, groups, projects, domainRows, roleRows] = await Promise.all([
    inDomain(db, 'user', idsOf(refs, 'userId')),
    inDomain(db, 'group', idsOf(refs, 'groupId')),
    inDomain(db, 'project', idsOf(refs, 'projectId')),
    domainIds.length === 0
      ? []
      : db.selectFrom('domain').select(['id', 'name']).where('id', 'in', domainIds).execute(),
    roleIds.length === 0
      ? []
      : db
          .selectFrom('role')
          .leftJoin('domain', 'domain.id', 'role.domain_id')
          .select([
            'role.id as id',
            'role.name as name',
            'role.domain_id as domainId',
            'domain.name as domainName',
          ])
          .where('role.id', 'in', roleIds)
          .execute(),
  ]);
  return {
    users,
    groups,
    projects,
    domains: new Map(domainRows.map((row) => [row.id, row.name])),
    roles: new Map(
      roleRows.map((row) => [
        row.id,
        { name: row.name, domainId: row.domainId, domainName: row.domainName ?? '' },
      ]),
    ),
  };
}
