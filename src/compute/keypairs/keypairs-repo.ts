import type { Kysely, Selectable } from 'kysely';
import { BadRequest, Conflict, Forbidden, NotFound } from '../../common/http/errors.js';
import type { ComputeSchema, KeyPairTable } from '../db/schema.js';

export type KeyPairRow = Selectable<KeyPairTable>;

export function keypairNotFound(name: string, userId: string): NotFound {
  return new NotFound(`Keypair ${name} not found for user ${userId}`);
}

export async function getKeyPair(
  db: Kysely<ComputeSchema>,
  userId: string,
  name: string,
): Promise<KeyPairRow> {
  const row = await db
    .selectFrom('key_pairs')
    .selectAll()
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) throw keypairNotFound(name, userId);
  return row;
}

/** A user's key pairs by name; from the one after `marker` (a name) when given. */
export async function listKeyPairs(
  db: Kysely<ComputeSchema>,
  userId: string,
  page: { limit?: number; marker?: string },
): Promise<KeyPairRow[]> {
  let query = db.selectFrom('key_pairs').selectAll().where('user_id', '=', userId);
  if (page.marker !== undefined) {
    const marker = await db
      .selectFrom('key_pairs')
      .select(['name'])
      .where('user_id', '=', userId)
      .where('name', '=', page.marker)
      .executeTakeFirst();
    if (!marker) throw new BadRequest(`Marker ${page.marker} could not be found.`);
    query = query.where('name', '>', marker.name);
  }
  query = query.orderBy('name').orderBy('id');
  return (page.limit === undefined ? query : query.limit(page.limit)).execute();
}

export type NewKeyPair = Pick<KeyPairRow, 'name' | 'user_id' | 'fingerprint' | 'public_key' | 'type'>;

/**
 * Stores a key pair within the user's `key_pairs` quota (403 with Nova's message when it is
 * used up); a name the user already has is a 409. Counted and written in one transaction.
 */
export async function createKeyPair(
  db: Kysely<ComputeSchema>,
  keypair: NewKeyPair,
  quota: number,
  now: Date,
): Promise<KeyPairRow> {
  return db.transaction().execute(async (trx) => {
    const { count } = await trx
      .selectFrom('key_pairs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', keypair.user_id)
      .executeTakeFirstOrThrow();
    if (quota >= 0 && Number(count) + 1 > quota) throw new Forbidden('Quota exceeded, too many key pairs.');
    const existing = await trx
      .selectFrom('key_pairs')
      .select('id')
      .where('user_id', '=', keypair.user_id)
      .where('name', '=', keypair.name)
      .executeTakeFirst();
    if (existing) throw new Conflict(`Key pair '${keypair.name}' already exists.`);
    return trx
      .insertInto('key_pairs')
      .values({ ...keypair, created_at: now.toISOString(), updated_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function deleteKeyPair(db: Kysely<ComputeSchema>, userId: string, name: string): Promise<void> {
  const result = await db
    .deleteFrom('key_pairs')
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw keypairNotFound(name, userId);
}
