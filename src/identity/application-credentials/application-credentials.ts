import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { effectiveRoles } from '../assignments/index.js';
import { storeConflict } from '../catalog/keystone-errors.js';
import type { ApplicationCredentialTable, IdentitySchema, RoleTable } from '../db/schema.js';
import { isoTime, newId } from '../ids.js';
import { hashPassword } from '../passwords.js';
import {
  accessRulesOfCredentials,
  resolveAccessRules,
  type AccessRuleRef,
  type StoredAccessRule,
} from './access-rules.js';
import { parseExpiry } from './expiry.js';

type Db = Kysely<IdentitySchema>;

/** A stored application credential with the roles it delegates. */
export interface ApplicationCredential extends ApplicationCredentialTable {
  roleIds: string[];
  /** The roles that still exist, in the order of roleIds. */
  roles: RoleTable[];
  /** The requests its tokens are limited to; empty when they are not limited. */
  accessRules: StoredAccessRule[];
}

/** A role by id or by name, as the create request may name it. */
export type RoleRef = { id: string } | { name: string };

export interface NewApplicationCredential {
  name: string;
  description?: string | null;
  secret?: string | null;
  expires_at?: string | null;
  roles?: RoleRef[];
  unrestricted?: boolean;
  access_rules?: AccessRuleRef[];
}

/** Who creates it: the user of a project-scoped token, with the token's role ids. */
export interface Creator {
  userId: string;
  projectId: string;
  tokenRoleIds: readonly string[];
}

export interface CreateOptions {
  now: Date;
  /** scrypt cost of the secret's hash (the password cost). */
  hashCost: number;
}

const invalid = (detail: string) => new BadRequest(`Invalid application credential: ${detail}`);
export const applicationCredentialNotFound = (id: string) =>
  new NotFound(`Could not find Application Credential: ${id}.`);

/** Keystone's secret: 64 random bytes, URL-safe base64 without padding (86 characters). */
export function generateSecret(): string {
  return randomBytes(64).toString('base64url');
}

/** The credentials with their roles and access rules. */
async function withRolesAndRules(
  db: Db,
  rows: ApplicationCredentialTable[],
): Promise<ApplicationCredential[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('application_credential_role')
    .selectAll()
    .where(
      'application_credential_id',
      'in',
      rows.map((row) => row.id),
    )
    .execute();
  const roleIds = [...new Set(links.map((link) => link.role_id))];
  const roles = roleIds.length
    ? await db.selectFrom('role').selectAll().where('id', 'in', roleIds).execute()
    : [];
  const byId = new Map(roles.map((role) => [role.id, role]));
  const accessRules = await accessRulesOfCredentials(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => {
    const ids = links.filter((link) => link.application_credential_id === row.id).map((link) => link.role_id);
    return {
      ...row,
      roleIds: ids,
      roles: ids.flatMap((id) => byId.get(id) ?? []),
      accessRules: accessRules.get(row.id) ?? [],
    };
  });
}

/**
 * The application credential by id, or by name among a user's (names are unique per user);
 * undefined when there is none. Token issue uses it to authenticate (`secret_hash`) and to
 * limit the token to `roleIds`.
 */
export async function findApplicationCredential(
  db: Db,
  ref: { id: string } | { name: string; userId: string },
): Promise<ApplicationCredential | undefined> {
  let query = db.selectFrom('application_credential').selectAll();
  query =
    'id' in ref
      ? query.where('id', '=', ref.id)
      : query.where('name', '=', ref.name).where('user_id', '=', ref.userId);
  const row = await query.executeTakeFirst();
  return row && (await withRolesAndRules(db, [row]))[0];
}

export async function listApplicationCredentials(
  db: Db,
  userId: string,
  filters: { name?: string },
): Promise<ApplicationCredential[]> {
  let query = db
    .selectFrom('application_credential')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id');
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  return withRolesAndRules(db, await query.execute());
}

/**
 * The role ids the new credential carries: those asked for (each must be in the creator's
 * token, so a delegate can never widen its own power), or all of the token's.
 */
async function chooseRoles(
  db: Db,
  asked: RoleRef[] | undefined,
  tokenRoleIds: readonly string[],
): Promise<string[]> {
  if (!asked || asked.length === 0) return [...new Set(tokenRoleIds)];
  const ids: string[] = [];
  for (const ref of asked) {
    if ('id' in ref) {
      ids.push(ref.id);
      continue;
    }
    const named = await db.selectFrom('role').select('id').where('name', '=', ref.name).execute();
    if (named.length === 0) throw new NotFound(`Role ${ref.name} is not defined`);
    if (named.length > 1) {
      throw new BadRequest(
        `There are multiple role entities named '${ref.name}'. Please use ID instead of names to resolve the ambiguity.`,
      );
    }
    ids.push(named[0].id);
  }
  if (ids.some((id) => !tokenRoleIds.includes(id))) {
    throw invalid('Cannot create an application credential with unassigned role');
  }
  return [...new Set(ids)];
}

/**
 * Creates an application credential for the creator's user and project. The secret (given or
 * generated) is returned once and only its hash is stored. Every role must still be the
 * user's on the project. Access rules are the user's, shared between credentials: one named by
 * service, path and method reuses the user's rule with those when there is one.
 */
export async function createApplicationCredential(
  db: Db,
  creator: Creator,
  input: NewApplicationCredential,
  options: CreateOptions,
): Promise<{ credential: ApplicationCredential; secret: string }> {
  const roleIds = await chooseRoles(db, input.roles, creator.tokenRoleIds);
  const expiresAt = input.expires_at ? parseExpiry(input.expires_at, options.now) : null;
  const held = new Set(
    (await effectiveRoles(db, creator.userId, { kind: 'project', projectId: creator.projectId })).map(
      (r) => r.id,
    ),
  );
  const missing = roleIds.find((id) => !held.has(id));
  if (missing !== undefined) {
    throw invalid(
      `Could not find role assignment with role: ${missing}, user or group: ${creator.userId}, ` +
        `project, domain, or system: ${creator.projectId}.`,
    );
  }
  const secret = input.secret || generateSecret();
  const row: ApplicationCredentialTable = {
    id: newId(),
    name: input.name,
    user_id: creator.userId,
    project_id: creator.projectId,
    secret_hash: await hashPassword(secret, options.hashCost),
    description: input.description ?? null,
    expires_at: expiresAt,
    unrestricted: input.unrestricted ? 1 : 0,
    created_at: isoTime(options.now),
  };
  await db.transaction().execute(async (tx) => {
    const taken = await tx
      .selectFrom('application_credential')
      .select('id')
      .where('user_id', '=', row.user_id)
      .where('name', '=', row.name)
      .executeTakeFirst();
    if (taken) throw storeConflict('application_credential', `Duplicate entry found with name ${row.name}`);
    await tx.insertInto('application_credential').values(row).execute();
    if (roleIds.length > 0) {
      await tx
        .insertInto('application_credential_role')
        .values(roleIds.map((role_id) => ({ application_credential_id: row.id, role_id })))
        .execute();
    }
    const accessRuleIds = await resolveAccessRules(tx, row.user_id, input.access_rules ?? []);
    if (accessRuleIds.length > 0) {
      await tx
        .insertInto('application_credential_access_rule')
        .values(
          accessRuleIds.map((access_rule_id) => ({ application_credential_id: row.id, access_rule_id })),
        )
        .execute();
    }
  });
  return { credential: (await withRolesAndRules(db, [row]))[0], secret };
}

export async function deleteApplicationCredential(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('application_credential_role').where('application_credential_id', '=', id).execute();
    // Its rules stay: they are the user's, listed and deleted on their own, as Keystone keeps them.
    await tx
      .deleteFrom('application_credential_access_rule')
      .where('application_credential_id', '=', id)
      .execute();
    const { numDeletedRows } = await tx
      .deleteFrom('application_credential')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (numDeletedRows === 0n) throw applicationCredentialNotFound(id);
  });
}
