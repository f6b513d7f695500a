import type { Kysely } from 'kysely';
import { BadRequest, Conflict, ApiError } from '../../common/http/errors.js';
import type { IdentitySchema } from '../db/schema.js';
import { newId } from '../ids.js';
import type { Revocations } from '../tokens/revocations.js';
import type { RoleRow } from './lookups.js';

type Db = Kysely<IdentitySchema>;

/** A role as a client sends it: the known attributes, and anything else kept in `extra`. */
export interface RoleInput {
  name?: string;
  description?: string;
  domain_id?: string | null;
  options?: Record<string, boolean | null>;
  [extra: string]: unknown;
}

/** Attributes stored in their own columns (or never stored); every other key goes to `extra`. */
const NOT_EXTRA = new Set(['id', 'name', 'description', 'domain_id', 'options', 'links']);

export function roleOptions(role: RoleRow): Record<string, boolean> {
  return JSON.parse(role.options) as Record<string, boolean>;
}

export function roleExtra(role: RoleRow): Record<string, unknown> {
  return JSON.parse(role.extra) as Record<string, unknown>;
}

function extraOf(input: RoleInput): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([key]) => !NOT_EXTRA.has(key)));
}

/** Options as stored: a null value unsets an option, as Keystone's resource options do. */
function mergeOptions(
  current: Record<string, boolean>,
  changes: Record<string, boolean | null> = {},
): Record<string, boolean> {
  const merged: Record<string, boolean | null> = { ...current, ...changes };
  return Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, boolean] => entry[1] !== null),
  );
}

/** Keystone's ForbiddenNotSecurity for immutable resources: a 403 whose message is always shown. */
function immutable(action: 'update' | 'delete', roleId: string): ApiError {
  return new ApiError(
    403,
    `Unable to ${action} immutable role resource: \`${roleId}. Set resource option "immutable" to false first.`,
  );
}

function duplicate(name: string, domainId: string | null | undefined): Conflict {
  const where = domainId ? ` at domain ID ${domainId}` : '';
  return new Conflict(
    `Conflict occurred attempting to store role - Duplicate entry found with name ${name}${where}.`,
  );
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

async function nameTaken(db: Db, name: string, domainId: string | null, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('role').select('id').where('name', '=', name);
  query = domainId === null ? query.where('domain_id', 'is', null) : query.where('domain_id', '=', domainId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface RoleFilters {
  /** Roles of one domain; without it, only global roles are listed, as Keystone does. */
  domainId?: string;
  name?: string;
}

export async function listRoles(db: Db, filters: RoleFilters): Promise<RoleRow[]> {
  let query = db.selectFrom('role').selectAll();
  query = filters.domainId
    ? query.where('domain_id', '=', filters.domainId)
    : query.where('domain_id', 'is', null);
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  return query.execute();
}

/** Creates a role. Keystone does not check that a domain-specific role's domain exists. */
export async function createRole(db: Db, input: RoleInput & { name: string }): Promise<RoleRow> {
  const row: RoleRow = {
    id: newId(),
    name: input.name,
    domain_id: input.domain_id ?? null,
    description: input.description ?? '',
    options: JSON.stringify(mergeOptions({}, input.options)),
    extra: JSON.stringify(extraOf(input)),
  };
  try {
    await db.transaction().execute(async (tx) => {
      if (await nameTaken(tx, row.name, row.domain_id)) throw duplicate(row.name, row.domain_id);
      await tx.insertInto('role').values(row).execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(row.name, row.domain_id);
    throw error;
  }
  return row;
}

/**
 * Updates a role as Keystone does: an immutable role only accepts a request that sets
 * `immutable` to false or null and nothing else; `domain_id` can never change; unknown
 * attributes are merged into `extra`.
 */
export async function updateRole(db: Db, role: RoleRow, patch: RoleInput): Promise<RoleRow> {
  const options = roleOptions(role);
  if (options.immutable) {
    const change = patch.options ?? {};
    const onlyUnsetsImmutable =
      Object.keys(patch).length === 1 &&
      'immutable' in change &&
      (change.immutable === false || change.immutable === null);
    if (!onlyUnsetsImmutable) throw immutable('update', role.id);
  }
  if ('domain_id' in patch && patch.domain_id !== role.domain_id) {
    throw new BadRequest('Update of `domain_id` is not allowed.');
  }
  const updated: RoleRow = {
    ...role,
    name: patch.name ?? role.name,
    description: patch.description ?? role.description,
    options: JSON.stringify(mergeOptions(options, patch.options)),
    extra: JSON.stringify({ ...roleExtra(role), ...extraOf(patch) }),
  };
  const conflict = () => duplicate(updated.name, 'domain_id' in patch ? role.domain_id : null);
  try {
    await db.transaction().execute(async (tx) => {
      if (patch.name !== undefined && (await nameTaken(tx, updated.name, role.domain_id, role.id))) {
        throw conflict();
      }
      await tx
        .updateTable('role')
        .set({
          name: updated.name,
          description: updated.description,
          options: updated.options,
          extra: updated.extra,
        })
        .where('id', '=', role.id)
        .execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
  return updated;
}

/**
 * Deletes a role with everything that refers to it, in one transaction: its assignments
 * (system ones too), its implications either way, and, as Keystone does, the application
 * credentials of each user holding it directly on a project. Then every token carrying the
 * role is revoked.
 */
export async function deleteRole(db: Db, revocations: Revocations, role: RoleRow): Promise<void> {
  if (roleOptions(role).immutable) throw immutable('delete', role.id);
  await db.transaction().execute(async (tx) => {
    const holders = await tx
      .selectFrom('assignment')
      .select(['actor_id', 'target_id'])
      .where('role_id', '=', role.id)
      .where('type', '=', 'UserProject')
      .execute();
    for (const holder of holders) {
      await tx
        .deleteFrom('application_credential')
        .where('user_id', '=', holder.actor_id)
        .where('project_id', '=', holder.target_id)
        .execute();
    }
    await tx.deleteFrom('assignment').where('role_id', '=', role.id).execute();
    await tx
      .deleteFrom('implied_role')
      .where((eb) => eb.or([eb('prior_role_id', '=', role.id), eb('implied_role_id', '=', role.id)]))
      .execute();
    await tx.deleteFrom('role').where('id', '=', role.id).execute();
  });
  await revocations.revoke({ roleId: role.id });
}
