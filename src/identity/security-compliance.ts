import type { Kysely } from 'kysely';
import type { SecurityComplianceConfig } from '../common/config/index.js';
import { BadRequest, Unauthorized } from '../common/http/errors.js';
import type { IdentitySchema } from './db/schema.js';
import { isoTime } from './ids.js';
import { verifyPassword } from './passwords.js';

/**
 * Keystone's `[security_compliance]` rules: lockout after failed logins, password expiry,
 * password history and minimum password age. Everything is off until configured; each user's
 * `options` can exempt them from lockout (`ignore_lockout_failure_attempts`), from expiry
 * (`ignore_password_expiry`) and forbid self-service changes (`lock_password`).
 */

type Db = Kysely<IdentitySchema>;
const DAY_MS = 24 * 3600 * 1000;

/** The parts of a user row the lockout rule reads. */
export interface LockoutState {
  id: string;
  /** The user's options, parsed. */
  options: Record<string, unknown>;
  failed_auth_count: number;
  failed_auth_at: string | null;
}

/**
 * True while the user has failed `lockout_failure_attempts` times and the last failure is
 * less than `lockout_duration` seconds old (no duration: locked until an admin re-enables).
 */
export function isLockedOut(user: LockoutState, config: SecurityComplianceConfig, now: Date): boolean {
  if (user.options.ignore_lockout_failure_attempts === true) return false;
  const max = config.lockout_failure_attempts;
  if (!max || user.failed_auth_count < max) return false;
  if (!config.lockout_duration || !user.failed_auth_at) return true;
  return new Date(user.failed_auth_at).getTime() + config.lockout_duration * 1000 > now.getTime();
}

/**
 * Refuses a locked-out user with Keystone's 401 `The account is locked for user: <id>.`; a
 * lockout that has run its time is cleared.
 */
export async function checkLockout(
  db: Db,
  user: LockoutState,
  config: SecurityComplianceConfig,
  now: Date,
): Promise<void> {
  if (isLockedOut(user, config, now)) throw new Unauthorized(`The account is locked for user: ${user.id}.`);
  if (config.lockout_failure_attempts && user.failed_auth_count >= config.lockout_failure_attempts) {
    await clearFailedLogins(db, user.id);
  }
}

/** Counts a failed password check (Keystone counts them whether lockout is on or not). */
export async function recordFailedLogin(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('user')
    .set((eb) => ({ failed_auth_count: eb('failed_auth_count', '+', 1), failed_auth_at: isoTime(now) }))
    .where('id', '=', userId)
    .execute();
}

export async function clearFailedLogins(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('user')
    .set({ failed_auth_count: 0, failed_auth_at: null })
    .where('id', '=', userId)
    .where('failed_auth_count', '>', 0)
    .execute();
}

/** When a password set at `createdAt` expires: whole seconds, as Keystone; null for never. */
export function passwordExpiresAt(
  createdAt: Date,
  options: Record<string, unknown>,
  config: SecurityComplianceConfig,
): string | null {
  if (!config.password_expires_days || options.ignore_password_expiry === true) return null;
  const at = new Date(createdAt.getTime() + config.password_expires_days * DAY_MS);
  at.setUTCMilliseconds(0);
  return isoTime(at);
}

export function isPasswordExpired(
  expiresAt: string | null,
  options: Record<string, unknown>,
  now: Date,
): boolean {
  if (!expiresAt || options.ignore_password_expiry === true) return false;
  return now.getTime() >= new Date(expiresAt).getTime();
}

/** Keystone's 401 `The password is expired and needs to be changed for user: <id>.` */
export function checkPasswordExpired(
  userId: string,
  expiresAt: string | null,
  options: Record<string, unknown>,
  now: Date,
): void {
  if (isPasswordExpired(expiresAt, options, now)) {
    throw new Unauthorized(`The password is expired and needs to be changed for user: ${userId}.`);
  }
}

/** `lock_password` stops a user changing their own password (an admin still can). */
export function checkSelfServiceAllowed(options: Record<string, unknown>): void {
  if (options.lock_password === true) {
    throw new BadRequest(
      'You cannot change your password at this time due to password policy disallowing password changes. ' +
        'Please contact your administrator to reset your password.',
    );
  }
}

/**
 * `minimum_password_age`: a password its owner set must be kept that many days before they may
 * change it again. A password an admin set can be changed at once.
 */
export function checkMinimumPasswordAge(
  current: { created_at: string; self_service: number } | undefined,
  config: SecurityComplianceConfig,
  now: Date,
): void {
  if (!current || !current.self_service) return;
  const days = config.minimum_password_age;
  const allowedAt = new Date(current.created_at).getTime() + days * DAY_MS;
  if (now.getTime() < allowedAt) {
    const daysLeft = Math.floor((allowedAt - now.getTime()) / DAY_MS);
    throw new BadRequest(
      'You cannot change your password at this time due to the minimum password age. Once you change your ' +
        `password, it must be used for ${days} day(s) before it can be changed. Please try again in ` +
        `${daysLeft} day(s) or contact your administrator to reset your password.`,
    );
  }
}

/**
 * `unique_last_password_count`: the new password may not equal any of the last that many
 * (the current one included). `hashes` are the user's passwords, oldest first.
 */
export async function checkPasswordHistory(
  hashes: readonly string[],
  password: string,
  config: SecurityComplianceConfig,
): Promise<void> {
  const count = config.unique_last_password_count;
  if (count <= 0) return;
  for (const hash of hashes.slice(-count)) {
    if (await verifyPassword(password, hash)) {
      throw new BadRequest(
        'The new password cannot be identical to a previous password. The total number which includes the ' +
          `new password must be unique is ${count}.`,
      );
    }
  }
}

/** How many old passwords Keystone keeps when a new one is set (at least the current one). */
export function passwordsKept(config: SecurityComplianceConfig): number {
  return Math.max(config.unique_last_password_count, 1);
}

/**
 * The hooks the password auth method runs around its password check: lockout before, counting
 * failures, and on success the expiry check and the reset of the failure count.
 */
export function securityCompliancePolicy(deps: {
  db: Db;
  config: SecurityComplianceConfig;
  now: () => Date;
}) {
  const parseOptions = (text: string): Record<string, unknown> => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const loadUser = (userId: string) =>
    deps.db
      .selectFrom('user')
      .select(['id', 'options', 'failed_auth_count', 'failed_auth_at'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
  return {
    async beforeCheck(userId: string): Promise<void> {
      const user = await loadUser(userId);
      await checkLockout(deps.db, { ...user, options: parseOptions(user.options) }, deps.config, deps.now());
    },
    async onFailure(userId: string): Promise<void> {
      await recordFailedLogin(deps.db, userId, deps.now());
    },
    async onSuccess(userId: string): Promise<void> {
      const user = await loadUser(userId);
      const current = await deps.db
        .selectFrom('password')
        .select('expires_at')
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      checkPasswordExpired(userId, current?.expires_at ?? null, parseOptions(user.options), deps.now());
      await clearFailedLogins(deps.db, userId);
    },
  };
}
