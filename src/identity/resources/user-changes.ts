import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import { isoTime, newId } from '../ids.js';
import { extraAttributes, mergeOptions } from './attributes.js';
import { getDomain } from './domains.js';
import { cannotChangeDomainId, conflict, invalid, isUniqueViolation } from './errors.js';
import { setPassword, type PasswordSettings } from './user-passwords.js';
import { deleteUserRows } from './user-rows.js';
import { getUser, type User, type UserBody, USER_FIELDS, USER_OPTIONS } from './users.js';

type Db = Kysely<IdentitySchema>;

const duplicate = (name: string, domainId: string) =>
  conflict('user', `Duplicate entry found with name ${name} at domain ID ${domainId}`);

/** A user's default project may be any id, even unknown, but not a domain's. */
async function assertDefaultProjectNotDomain(db: Db, projectId: string | null | undefined): Promise<void> {
  if (!projectId) return;
  if (await db.selectFrom('domain').select('id').where('id', '=', projectId).executeTakeFirst()) {
    throw invalid(`User's default project ID cannot be a domain ID: ${projectId}`);
  }
}

/** Federated identities need an identity provider, and this cloud has none. */
function assertNoFederation(body: UserBody): void {
  const federated = body.federated as { idp_id: string }[] | undefined;
  if (federated?.length) throw invalid(`Could not find Identity Provider: ${federated[0].idp_id}`);
}

/**
 * Creates a user in `domainId` (resolved by the API). An unknown domain is a 404, as in
 * Keystone; a password given is hashed and starts the user's password history.
 */
export async function createUser(
  db: Db,
  body: UserBody,
  domainId: string,
  settings: PasswordSettings,
): Promise<User> {
  await getDomain(db, domainId);
  await assertDefaultProjectNotDomain(db, body.default_project_id);
  assertNoFederation(body);
  const user: User = {
    id: newId(),
    name: (body.name ?? '').trim(),
    domainId,
    enabled: body.enabled ?? true,
    defaultProjectId: body.default_project_id ?? null,
    options: mergeOptions({}, body.options, USER_OPTIONS),
    extra: extraAttributes(body, USER_FIELDS),
    passwordExpiresAt: null,
    failedAuthCount: 0,
    failedAuthAt: null,
  };
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('user')
        .values({
          id: user.id,
          name: user.name,
          domain_id: domainId,
          enabled: user.enabled ? 1 : 0,
          default_project_id: user.defaultProjectId,
          extra: JSON.stringify(user.extra),
          options: JSON.stringify(user.options),
          failed_auth_count: 0,
          failed_auth_at: null,
          last_active_at: null,
          created_at: isoTime(settings.now),
        })
        .execute();
      if (typeof body.password === 'string') {
        await setPassword(tx, user, body.password, { ...settings, selfService: false });
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(user.name, domainId);
    throw error;
  }
  return getUser(db, user.id);
}

export interface UserUpdate {
  user: User;
  /** True when the user's tokens must go: disabled now, or given a new password. */
  revokeTokens: boolean;
}

/**
 * Updates a user. As Keystone: the domain cannot change, options merge (null removes one),
 * attributes merge, an admin's new password skips the history and age rules, and any update
 * leaving the user enabled clears a lockout.
 */
export async function updateUser(
  db: Db,
  id: string,
  body: UserBody,
  settings: PasswordSettings,
): Promise<UserUpdate> {
  const original = await getUser(db, id);
  if ('domain_id' in body && body.domain_id !== original.domainId) throw cannotChangeDomainId();
  await assertDefaultProjectNotDomain(db, body.default_project_id);
  assertNoFederation(body);
  const user: User = {
    ...original,
    name: body.name === undefined ? original.name : body.name.trim(),
    enabled: body.enabled ?? original.enabled,
    defaultProjectId:
      body.default_project_id === undefined ? original.defaultProjectId : body.default_project_id,
    options: mergeOptions(original.options, body.options, USER_OPTIONS),
    extra: { ...original.extra, ...extraAttributes(body, USER_FIELDS) },
  };
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('user')
        .set({
          name: user.name,
          enabled: user.enabled ? 1 : 0,
          default_project_id: user.defaultProjectId,
          extra: JSON.stringify(user.extra),
          options: JSON.stringify(user.options),
          ...(user.enabled ? { failed_auth_count: 0, failed_auth_at: null } : {}),
        })
        .where('id', '=', id)
        .execute();
      if (body.password !== undefined) {
        await setPassword(tx, user, body.password, { ...settings, selfService: false });
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(user.name, user.domainId);
    throw error;
  }
  const disabled = original.enabled && body.enabled === false;
  const newPassword = body.password !== undefined && body.password !== null;
  return { user: await getUser(db, id), revokeTokens: disabled || newPassword };
}

export async function deleteUser(db: Db, id: string, now: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await getUser(tx, id);
    await deleteUserRows(tx, [id], now);
  });
}
