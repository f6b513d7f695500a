import type { Kysely, Selectable } from 'kysely';
import { NotFound } from '../../common/http/errors.js';
import type {
  DomainTable,
  GroupTable,
  IdentitySchema,
  ProjectTable,
  RoleTable,
  UserTable,
} from '../db/schema.js';

export type RoleRow = Selectable<RoleTable>;
export type ProjectRow = Selectable<ProjectTable>;
export type DomainRow = Selectable<DomainTable>;
export type UserRow = Selectable<UserTable>;
export type GroupRow = Selectable<GroupTable>;

type Db = Kysely<IdentitySchema>;

export async function findRole(db: Db, id: string): Promise<RoleRow | undefined> {
  return db.selectFrom('role').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The role, or Keystone's RoleNotFound. */
export async function requireRole(db: Db, id: string): Promise<RoleRow> {
  const role = await findRole(db, id);
  if (!role) throw new NotFound(`Could not find role: ${id}.`);
  return role;
}

export async function findProject(db: Db, id: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('project').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requireProject(db: Db, id: string): Promise<ProjectRow> {
  const project = await findProject(db, id);
  if (!project) throw new NotFound(`Could not find project: ${id}.`);
  return project;
}

export async function findDomain(db: Db, id: string): Promise<DomainRow | undefined> {
  return db.selectFrom('domain').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requireDomain(db: Db, id: string): Promise<DomainRow> {
  const domain = await findDomain(db, id);
  if (!domain) throw new NotFound(`Could not find domain: ${id}.`);
  return domain;
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requireUser(db: Db, id: string): Promise<UserRow> {
  const user = await findUser(db, id);
  if (!user) throw new NotFound(`Could not find user: ${id}.`);
  return user;
}

export async function findGroup(db: Db, id: string): Promise<GroupRow | undefined> {
  return db.selectFrom('group').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requireGroup(db: Db, id: string): Promise<GroupRow> {
  const group = await findGroup(db, id);
  if (!group) throw new NotFound(`Could not find group: ${id}.`);
  return group;
}

/** Roles by id, in one query; ids without a role are left out. */
export async function rolesByIds(db: Db, ids: readonly string[]): Promise<RoleRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('role')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
}
