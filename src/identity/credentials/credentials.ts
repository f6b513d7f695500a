import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { extrasOf, parseExtra, parseJsonObject } from '../catalog/extras.js';
import { expectingToFind, storeConflict } from '../catalog/keystone-errors.js';
import type { CredentialTable, IdentitySchema } from '../db/schema.js';
import { newId } from '../ids.js';

type Db = Kysely<IdentitySchema>;

/**
 * A credential of `/v3/credentials`: an opaque blob a user keeps in Keystone (an EC2 key pair,
 * a TOTP seed, a certificate). EC2 blobs are JSON `{"access", "secret", ...}` and such a
 * credential's id is derived from its access key, so it can be found from a signed request.
 */
export interface Credential {
  id: string;
  user_id: string;
  project_id: string | null;
  type: string;
  blob: string;
  extra: Record<string, unknown>;
}

export interface CredentialInput {
  user_id?: string;
  project_id?: string;
  type?: string;
  blob?: string;
  [extra: string]: unknown;
}

export interface NewCredential extends CredentialInput {
  user_id: string;
  type: string;
  blob: string;
}

const COLUMNS = ['user_id', 'project_id', 'type', 'blob'] as const;

/** Blob keys that tie an EC2 credential to a delegation; they may never change. */
const FIXED_EC2_KEYS = ['trust_id', 'app_cred_id', 'access_token_id', 'access_id'] as const;

const notFound = (id: string) => new NotFound(`Could not find credential: ${id}.`);

const isEc2 = (type: string) => type.toLowerCase() === 'ec2';

/** An EC2 credential's id: sha256 of its access key in hex, as Keystone's hash_access_key. */
export function ec2CredentialId(access: string): string {
  return createHash('sha256').update(access, 'utf8').digest('hex');
}

/** The JSON of an EC2 blob, refused as Keystone refuses it when it is not an object with `access`. */
export function parseEc2Blob(blob: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(blob);
  } catch {
    throw new BadRequest('Invalid blob in credential');
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.keys(parsed).length === 0
  ) {
    throw expectingToFind('blob', 'credential');
  }
  const object = parsed as Record<string, unknown>;
  if (object.access == null) throw expectingToFind('access', 'credential');
  return object;
}

export function toCredential(row: CredentialTable): Credential {
  return {
    id: row.id,
    user_id: row.user_id,
    project_id: row.project_id,
    type: row.type,
    blob: row.blob,
    extra: parseExtra(row.extra),
  };
}

export async function findCredential(db: Db, id: string): Promise<Credential | undefined> {
  const row = await db.selectFrom('credential').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toCredential(row);
}

export async function getCredential(db: Db, id: string): Promise<Credential> {
  const credential = await findCredential(db, id);
  if (!credential) throw notFound(id);
  return credential;
}

export async function listCredentials(
  db: Db,
  filters: { userId?: string; type?: string },
): Promise<Credential[]> {
  let query = db.selectFrom('credential').selectAll().orderBy('id');
  if (filters.userId !== undefined) query = query.where('user_id', '=', filters.userId);
  if (filters.type !== undefined) query = query.where('type', '=', filters.type);
  return (await query.execute()).map(toCredential);
}

/**
 * Stores a credential. An EC2 one needs a project (ec2tokens scopes its tokens to it) and a
 * blob with an access key, whose hash becomes its id; any other type gets a new random id.
 */
export async function createCredential(db: Db, input: NewCredential): Promise<Credential> {
  if (input.type === 'ec2' && input.project_id === undefined) {
    throw new BadRequest(
      "Invalid input for field 'credential/project_id': is required for an ec2 credential",
    );
  }
  const id = isEc2(input.type) ? ec2CredentialId(String(parseEc2Blob(input.blob).access)) : newId();
  const row: CredentialTable = {
    id,
    user_id: input.user_id,
    project_id: input.project_id ?? null,
    type: input.type,
    blob: input.blob,
    extra: JSON.stringify(extrasOf(input, COLUMNS)),
  };
  return db.transaction().execute(async (tx) => {
    if (await findCredential(tx, id))
      throw storeConflict('credential', `Duplicate entry found with ID ${id}`);
    await tx.insertInto('credential').values(row).execute();
    return toCredential(row);
  });
}

/**
 * Checks an update against the stored credential as Keystone does: an EC2 blob must stay valid
 * and keep its delegation keys, and a credential cannot become EC2 without a project.
 */
export function checkCredentialUpdate(current: Credential, input: CredentialInput): void {
  if (isEc2(current.type) && input.blob !== undefined) {
    const next = parseEc2Blob(input.blob);
    const previous = parseJsonObject(current.blob);
    for (const key of FIXED_EC2_KEYS) {
      if ((previous[key] ?? null) !== (next[key] ?? null)) {
        throw new BadRequest(`${key} can not be updated for credential`);
      }
    }
  }
  if (input.type !== undefined && isEc2(input.type) && !input.project_id && !current.project_id) {
    throw expectingToFind('project_id', 'credential');
  }
}

/** The credential as it would be after the update (policy is checked on this too). */
export function mergeCredential(current: Credential, input: CredentialInput): Credential {
  return {
    id: current.id,
    user_id: input.user_id ?? current.user_id,
    project_id: input.project_id ?? current.project_id,
    type: input.type ?? current.type,
    blob: input.blob ?? current.blob,
    extra: { ...current.extra, ...extrasOf(input, COLUMNS) },
  };
}

export async function saveCredential(db: Db, credential: Credential): Promise<Credential> {
  const { extra, ...columns } = credential;
  await db
    .updateTable('credential')
    .set({ ...columns, extra: JSON.stringify(extra) })
    .where('id', '=', credential.id)
    .execute();
  return credential;
}

export async function deleteCredential(db: Db, id: string): Promise<void> {
  const { numDeletedRows } = await db.deleteFrom('credential').where('id', '=', id).executeTakeFirstOrThrow();
  if (numDeletedRows === 0n) throw notFound(id);
}
