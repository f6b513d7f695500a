import type { Kysely } from 'kysely';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { extrasOf, parseExtra } from '../catalog/extras.js';
import type { IdentitySchema, PolicyTable } from '../db/schema.js';
import { newId } from '../ids.js';

type Db = Kysely<IdentitySchema>;

/**
 * A policy blob of /v3/policies: an opaque document of some `type` that Keystone stores for
 * other services and never enforces itself (deprecated upstream since Queens, still served).
 */
export interface PolicyBlob {
  id: string;
  type: string;
  blob: string;
  extra: Record<string, unknown>;
}

/** What a client sends; any other attribute is kept as an extra. */
export interface PolicyBlobInput {
  id?: string;
  type?: string;
  blob?: string;
  [extra: string]: unknown;
}

const COLUMNS = ['type', 'blob'] as const;

const notFound = (id: string) => new NotFound(`Could not find policy: ${id}.`);

function toPolicyBlob(row: PolicyTable): PolicyBlob {
  return { id: row.id, type: row.type, blob: row.blob, extra: parseExtra(row.extra) };
}

async function findRow(db: Db, id: string): Promise<PolicyTable | undefined> {
  return db.selectFrom('policy').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getPolicyBlob(db: Db, id: string): Promise<PolicyBlob> {
  const row = await findRow(db, id);
  if (!row) throw notFound(id);
  return toPolicyBlob(row);
}

export async function listPolicyBlobs(db: Db, filters: { type?: string }): Promise<PolicyBlob[]> {
  let query = db.selectFrom('policy').selectAll().orderBy('id');
  if (filters.type !== undefined) query = query.where('type', '=', filters.type);
  return (await query.execute()).map(toPolicyBlob);
}

/** Creates a policy under a new id; as Keystone, an id in the body is ignored. */
export async function createPolicyBlob(
  db: Db,
  input: PolicyBlobInput & { type: string; blob: string },
): Promise<PolicyBlob> {
  const row: PolicyTable = {
    id: newId(),
    type: input.type,
    blob: input.blob,
    extra: JSON.stringify(extrasOf(input, COLUMNS)),
  };
  await db.insertInto('policy').values(row).execute();
  return toPolicyBlob(row);
}

/** Updates a policy's type, blob and extras; the id never changes. */
export async function updatePolicyBlob(db: Db, id: string, input: PolicyBlobInput): Promise<PolicyBlob> {
  if (input.id !== undefined && input.id !== id) throw new BadRequest('Cannot change policy ID');
  return db.transaction().execute(async (tx) => {
    const current = await findRow(tx, id);
    if (!current) throw notFound(id);
    const row: PolicyTable = {
      id,
      type: input.type ?? current.type,
      blob: input.blob ?? current.blob,
      extra: JSON.stringify({ ...parseExtra(current.extra), ...extrasOf(input, COLUMNS) }),
    };
    await tx.updateTable('policy').set(row).where('id', '=', id).execute();
    return toPolicyBlob(row);
  });
}

export async function deletePolicyBlob(db: Db, id: string): Promise<void> {
  const { numDeletedRows } = await db.deleteFrom('policy').where('id', '=', id).executeTakeFirstOrThrow();
  if (numDeletedRows === 0n) throw notFound(id);
}
