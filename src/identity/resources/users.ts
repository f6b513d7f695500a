import type { Kysely, Selectable } from 'kysely';
import type { IdentitySchema, UserTable } from '../db/schema.js';
import { isoTime } from '../ids.js';
import { type Attributes, parseAttributes } from './attributes.js';
import { invalid, userNotFound } from './errors.js';

type Db = Kysely<IdentitySchema>;

/** Keystone's user options (identity/backends/resource_options.py). */
export const USER_OPTIONS = [
  'ignore_change_password_upon_first_use',
  'ignore_password_expiry',
  'ignore_lockout_failure_attempts',
  'lock_password',
  'ignore_user_inactivity',
  'multi_factor_auth_rules',
  'multi_factor_auth_enabled',
] as const;

/** The fields of a user; whatever else a client sends (email, description...) is kept as attributes. */
export const USER_FIELDS = [
  'id',
  'name',
  'domain_id',
  'enabled',
  'default_project_id',
  'password',
  'options',
  'password_expires_at',
  'federated',
];

export interface User {
  id: string;
  name: string;
  domainId: string;
  enabled: boolean;
  defaultProjectId: string | null;
  options: Attributes;
  extra: Attributes;
  /** When the current password expires (ISO time as stored), or null. */
  passwordExpiresAt: string | null;
  failedAuthCount: number;
  failedAuthAt: string | null;
}

/** A user as a request body gives it (after schema validation). */
export interface UserBody extends Attributes {
  name?: string;
  domain_id?: string;
  enabled?: boolean;
  default_project_id?: string | null;
  password?: string | null;
  options?: Attributes;
}

type UserRow = Selectable<UserTable> & { password_expires_at: string | null };

export function rowToUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    domainId: row.domain_id,
    enabled: row.enabled === 1,
    defaultProjectId: row.default_project_id,
    options: parseAttributes(row.options),
    extra: parseAttributes(row.extra),
    passwordExpiresAt: row.password_expires_at,
    failedAuthCount: row.failed_auth_count,
    failedAuthAt: row.failed_auth_at,
  };
}

/** Users with the expiry of their current (newest) password. */
export function selectUsers(db: Db) {
  return db
    .selectFrom('user')
    .selectAll('user')
    .select((eb) =>
      eb
        .selectFrom('password')
        .select('password.expires_at')
        .whereRef('password.user_id', '=', 'user.id')
        .orderBy('password.id', 'desc')
        .limit(1)
        .as('password_expires_at'),
    );
}

export async function findUser(db: Db, id: string): Promise<User | undefined> {
  const row = await selectUsers(db).where('user.id', '=', id).executeTakeFirst();
  return row && rowToUser(row);
}

/** The user, or Keystone's 404 `Could not find user: <id>.` */
export async function getUser(db: Db, id: string): Promise<User> {
  const user = await findUser(db, id);
  if (!user) throw userNotFound(id);
  return user;
}

type Operator = '<' | '<=' | '>' | '>=' | '=' | '!=';
const OPERATORS: Record<string, Operator> = { lt: '<', lte: '<=', gt: '>', gte: '>=', eq: '=', neq: '!=' };

/** `password_expires_at=lt:2016-11-06T15:32:17Z`: an operator (default eq) and a time. */
export interface ExpiryFilter {
  operator: Operator;
  /** The time as stored (fixed-width ISO), so stored times compare as text. */
  at: string;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Reads a `password_expires_at` filter, with Keystone's 400s for a bad operator or time. */
export function parseExpiryFilter(value: string): ExpiryFilter {
  let operator = 'eq';
  let time = value;
  if (value.slice(2, 4).includes(':')) {
    const colon = value.indexOf(':');
    operator = value.slice(0, colon);
    time = value.slice(colon + 1);
  }
  // A time without a zone is UTC, as Keystone's parser reads it.
  const zoned = /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(time) || !time.includes('T') ? time : `${time}Z`;
  const at = ISO_TIME.test(time) ? Date.parse(zoned) : NaN;
  if (Number.isNaN(at)) {
    throw invalid(
      'Timestamp not in expected format. The server could not comply with the request since it is either ' +
        'malformed or otherwise incorrect. The client is assumed to be in error.',
    );
  }
  const sqlOperator = OPERATORS[operator];
  if (!sqlOperator) {
    throw invalid(
      `The given operator ${operator} is not valid. It must be one of the following: ` +
        "'eq', 'neq', 'lt', 'lte', 'gt', or 'gte'.",
    );
  }
  return { operator: sqlOperator, at: isoTime(new Date(at)) };
}

export interface UserFilters {
  name?: string;
  domainId?: string;
  enabled?: boolean;
  passwordExpires?: ExpiryFilter;
  /** Only members of this group. */
  groupId?: string;
}

export async function listUsers(db: Db, filters: UserFilters): Promise<User[]> {
  let query = selectUsers(db);
  if (filters.name !== undefined) query = query.where('user.name', '=', filters.name);
  if (filters.domainId !== undefined) query = query.where('user.domain_id', '=', filters.domainId);
  if (filters.enabled !== undefined) query = query.where('user.enabled', '=', filters.enabled ? 1 : 0);
  const groupId = filters.groupId;
  if (groupId !== undefined) {
    query = query.where('user.id', 'in', (eb) =>
      eb.selectFrom('user_group_membership').select('user_id').where('group_id', '=', groupId),
    );
  }
  const expiry = filters.passwordExpires;
  if (expiry !== undefined) {
    // As Keystone's query: any of the user's passwords may match, the old ones too (they
    // expired when replaced).
    query = query.where('user.id', 'in', (eb) =>
      eb.selectFrom('password').select('user_id').where('expires_at', expiry.operator, expiry.at),
    );
  }
  return (await query.execute()).map(rowToUser);
}
