import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { NotFound } from '../../common/http/errors.js';
import { cannotChangeId } from '../catalog/keystone-errors.js';
import { extrasOf, parseExtra } from '../catalog/extras.js';
import type { ConsumerTable, IdentitySchema } from '../db/schema.js';
import { newId } from '../ids.js';

type Db = Kysely<IdentitySchema>;

/**
 * An OAuth1 consumer (OS-OAUTH1): an application that may later ask users for delegated
 * access. Stratus serves the consumer registry only; request and access tokens are not served.
 */
export interface Consumer {
  id: string;
  description: string | null;
  extra: Record<string, unknown>;
}

/** A consumer just created: the only time its secret is shown. */
export interface NewConsumer extends Consumer {
  secret: string;
}

export interface ConsumerInput {
  id?: string;
  description?: string | null;
  [extra: string]: unknown;
}

// The secret is always generated, so one sent by the client is dropped rather than kept as an extra.
const COLUMNS = ['description', 'secret'] as const;

const notFound = () => new NotFound('Consumer not found');

function toConsumer(row: ConsumerTable): Consumer {
  return { id: row.id, description: row.description, extra: parseExtra(row.extra) };
}

async function findRow(db: Db, id: string): Promise<ConsumerTable | undefined> {
  return db.selectFrom('consumer').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getConsumer(db: Db, id: string): Promise<Consumer> {
  const row = await findRow(db, id);
  if (!row) throw notFound();
  return toConsumer(row);
}

export async function listConsumers(db: Db): Promise<Consumer[]> {
  return (await db.selectFrom('consumer').selectAll().orderBy('id').execute()).map(toConsumer);
}

/** Creates a consumer with a new id and secret; as Keystone, an id or secret sent is ignored. */
export async function createConsumer(db: Db, input: ConsumerInput): Promise<NewConsumer> {
  const row: ConsumerTable = {
    id: newId(),
    description: input.description ?? null,
    secret: randomBytes(16).toString('hex'),
    extra: JSON.stringify(extrasOf(input, COLUMNS)),
  };
  await db.insertInto('consumer').values(row).execute();
  return { ...toConsumer(row), secret: row.secret };
}

/** Updates a consumer's description and extras; its id and secret never change. */
export async function updateConsumer(db: Db, id: string, input: ConsumerInput): Promise<Consumer> {
  if (input.id !== undefined && input.id !== id) throw cannotChangeId();
  return db.transaction().execute(async (tx) => {
    const current = await findRow(tx, id);
    if (!current) throw notFound();
    const row: ConsumerTable = {
      ...current,
      description: input.description === undefined ? current.description : input.description,
      extra: JSON.stringify({ ...parseExtra(current.extra), ...extrasOf(input, COLUMNS) }),
    };
    await tx.updateTable('consumer').set(row).where('id', '=', id).execute();
    return toConsumer(row);
  });
}

export async function deleteConsumer(db: Db, id: string): Promise<void> {
  const { numDeletedRows } = await db.deleteFrom('consumer').where('id', '=', id).executeTakeFirstOrThrow();
  if (numDeletedRows === 0n) throw notFound();
}
