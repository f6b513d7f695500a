import type { Kysely } from 'kysely';
import type { AccessRule } from '../../common/auth/access-rules.js';
import { BadRequest, Forbidden, NotFound } from '../../common/http/errors.js';
import type { IdentitySchema } from '../db/schema.js';
import { newId } from '../ids.js';

type Db = Kysely<IdentitySchema>;

/** An access rule as the API shows it: `id` is the rule's external id. */
export interface StoredAccessRule extends AccessRule {
  id: string;
}

/** A rule as a create request names it: an existing rule by id, or service, path and method. */
export interface AccessRuleRef {
  id?: string;
  service?: string;
  path?: string;
  method?: string;
}

export interface AccessRuleFilters {
  service?: string;
  path?: string;
  method?: string;
}

export const accessRuleNotFound = (id: string) => new NotFound(`Could not find Access Rule: ${id}.`);

const columns = ['access_rule.id', 'external_id', 'service', 'path', 'method'] as const;
type Row = { id: number; external_id: string; service: string; path: string; method: string };
const shown = (row: Row): StoredAccessRule => ({
  id: row.external_id,
  service: row.service,
  path: row.path,
  method: row.method,
});

/**
 * The user's rule for each ref, in the order given and without repeats: one named by id must be
 * the user's; one named by service, path and method is the user's existing rule with those, or
 * a new one. Runs inside the caller's transaction, which also links them to the credential.
 */
export async function resolveAccessRules(
  tx: Db,
  userId: string,
  refs: readonly AccessRuleRef[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const ref of refs) {
    const query = tx.selectFrom('access_rule').select('id').where('user_id', '=', userId);
    let found: { id: number } | undefined;
    if (ref.id !== undefined) {
      found = await query.where('external_id', '=', ref.id).executeTakeFirst();
      // As Keystone turns a missing role assignment into a validation error.
      if (!found)
        throw new BadRequest(`Invalid application credential: ${accessRuleNotFound(ref.id).message}`);
    } else {
      const { service, path, method } = ref as AccessRule;
      found =
        (await query
          .where('service', '=', service)
          .where('path', '=', path)
          .where('method', '=', method)
          .executeTakeFirst()) ??
        (await tx
          .insertInto('access_rule')
          .values({ external_id: newId(), user_id: userId, service, path, method })
          .returning('id')
          .executeTakeFirstOrThrow());
    }
    if (!ids.includes(found.id)) ids.push(found.id);
  }
  return ids;
}

/** The rules each credential is limited to, by credential id; credentials without rules are absent. */
export async function accessRulesOfCredentials(
  db: Db,
  credentialIds: readonly string[],
): Promise<Map<string, StoredAccessRule[]>> {
  const byCredential = new Map<string, StoredAccessRule[]>();
  if (credentialIds.length === 0) return byCredential;
  const rows = await db
    .selectFrom('application_credential_access_rule')
    .innerJoin('access_rule', 'access_rule.id', 'application_credential_access_rule.access_rule_id')
    .select([...columns, 'application_credential_id'])
    .where('application_credential_id', 'in', credentialIds)
    .orderBy('access_rule.id')
    .execute();
  for (const row of rows) {
    const rules = byCredential.get(row.application_credential_id) ?? [];
    rules.push(shown(row));
    byCredential.set(row.application_credential_id, rules);
  }
  return byCredential;
}

/** The user's access rules, oldest first, filtered by exact service, path and method. */
export async function listAccessRules(
  db: Db,
  userId: string,
  filters: AccessRuleFilters,
): Promise<StoredAccessRule[]> {
  let query = db.selectFrom('access_rule').select(columns).where('user_id', '=', userId);
  if (filters.service !== undefined) query = query.where('service', '=', filters.service);
  if (filters.path !== undefined) query = query.where('path', '=', filters.path);
  if (filters.method !== undefined) query = query.where('method', '=', filters.method);
  return (await query.orderBy('access_rule.id').execute()).map(shown);
}

/**
 * One of the user's rules. Keystone looks the id up among everyone's; here another user's rule
 * is not found, so the user in the path cannot be used to read rules that are not theirs.
 */
export async function findAccessRule(db: Db, userId: string, id: string): Promise<StoredAccessRule> {
  const row = await db
    .selectFrom('access_rule')
    .select(columns)
    .where('user_id', '=', userId)
    .where('external_id', '=', id)
    .executeTakeFirst();
  if (!row) throw accessRuleNotFound(id);
  return shown(row);
}

/** Deletes one of the user's rules; refused (403) while an application credential uses it. */
export async function deleteAccessRule(db: Db, userId: string, id: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('access_rule')
      .select('id')
      .where('user_id', '=', userId)
      .where('external_id', '=', id)
      .executeTakeFirst();
    if (!row) throw accessRuleNotFound(id);
    const used = await tx
      .selectFrom('application_credential_access_rule')
      .select('access_rule_id')
      .where('access_rule_id', '=', row.id)
      .executeTakeFirst();
    if (used) throw new Forbidden('May not delete access rule in use');
    await tx.deleteFrom('access_rule').where('id', '=', row.id).execute();
  });
}
