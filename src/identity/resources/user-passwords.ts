import type { Kysely } from 'kysely';
import type { SecurityComplianceConfig } from '../../common/config/index.js';
import { Unauthorized } from '../../common/http/errors.js';
import type { IdentitySchema } from '../db/schema.js';
import { isoTime } from '../ids.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import {
  checkLockout,
  checkMinimumPasswordAge,
  checkPasswordHistory,
  checkSelfServiceAllowed,
  clearFailedLogins,
  passwordExpiresAt,
  passwordsKept,
  recordFailedLogin,
} from '../security-compliance.js';
import type { Attributes } from './attributes.js';
import { findUser } from './users.js';

type Db = Kysely<IdentitySchema>;

export interface PasswordSettings {
  now: Date;
  /** scrypt cost (config identity.password_hash_cost). */
  hashCost: number;
  compliance: SecurityComplianceConfig;
}

/**
 * Gives a user a new password the way Keystone's password setter does: old passwords beyond
 * the history kept are dropped, those still valid expire now, and the new one expires after
 * `password_expires_days` unless the user is exempt. A null password (an admin clearing it)
 * is stored as a hash nothing matches. Part of the caller's transaction.
 */
export async function setPassword(
  tx: Db,
  user: { id: string; options: Attributes },
  password: string | null,
  settings: PasswordSettings & { selfService: boolean },
): Promise<void> {
  const rows = await tx
    .selectFrom('password')
    .select(['id', 'expires_at'])
    .where('user_id', '=', user.id)
    .orderBy('id')
    .execute();
  const dropped = rows
    .slice(0, Math.max(rows.length - passwordsKept(settings.compliance), 0))
    .map((row) => row.id);
  if (dropped.length) await tx.deleteFrom('password').where('id', 'in', dropped).execute();
  const now = isoTime(settings.now);
  await tx
    .updateTable('password')
    .set({ expires_at: now })
    .where('user_id', '=', user.id)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .execute();
  await tx
    .insertInto('password')
    .values({
      user_id: user.id,
      hash: password === null ? '' : await hashPassword(password, settings.hashCost),
      created_at: now,
      expires_at: passwordExpiresAt(settings.now, user.options, settings.compliance),
      self_service: settings.selfService ? 1 : 0,
    })
    .execute();
}

/** What Keystone answers for an unknown user or a wrong original password. */
const refusedChange = () => new Unauthorized();

/**
 * `POST /v3/users/{id}/password`: a user changing their own password, proven by the current
 * one. As Keystone's `change_password`: the original password is checked like a login (lockout,
 * failure count, disabled user; an expired password may still be changed), then `lock_password`,
 * the minimum age and the history rules apply to the new one.
 */
export async function changePassword(
  db: Db,
  userId: string,
  original: string,
  password: string,
  settings: PasswordSettings,
): Promise<void> {
  const user = await findUser(db, userId);
  if (!user) throw refusedChange();
  await checkLockout(
    db,
    {
      id: user.id,
      options: user.options,
      failed_auth_count: user.failedAuthCount,
      failed_auth_at: user.failedAuthAt,
    },
    settings.compliance,
    settings.now,
  );
  const history = await db
    .selectFrom('password')
    .select(['hash', 'created_at', 'self_service'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const current = history.at(-1);
  if (!current || !(await verifyPassword(original, current.hash))) {
    await recordFailedLogin(db, userId, settings.now);
    throw refusedChange();
  }
  if (!user.enabled) throw new Unauthorized(`The account is disabled for user: ${userId}.`);
  await clearFailedLogins(db, userId);

  checkSelfServiceAllowed(user.options);
  checkMinimumPasswordAge(current, settings.compliance, settings.now);
  await checkPasswordHistory(
    history.map((row) => row.hash),
    password,
    settings.compliance,
  );
  await db.transaction().execute((tx) => setPassword(tx, user, password, { ...settings, selfService: true }));
}
