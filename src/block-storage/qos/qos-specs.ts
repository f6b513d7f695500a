import type { Selectable } from 'kysely';
import { BadRequest, Conflict, NotFound } from '../../common/http/errors.js';
import { keyValuesByOwner, putKeyValues } from '../db/key-value-rows.js';
import type { QosSpecsTable } from '../db/schema.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidInput } from '../errors.js';
import type { BlockStorageDb } from '../volumes/volume-records.js';
import { VolumeTypeNotFound } from '../volume-types/volume-type-records.js';

export type QosSpecsRow = Selectable<QosSpecsTable>;

/** A QoS specs row with its key/value specs. */
export interface QosSpecsRecord extends QosSpecsRow {
  specs: Record<string, string>;
}

/**
 * Where the limits apply: `back-end` (the volume driver), `front-end` (the hypervisor, on the
 * guest's disk) or `both`. Stratus keeps them; no driver or hypervisor applies them yet.
 */
export const QOS_CONSUMERS = ['front-end', 'back-end', 'both'];

/** Cinder's QoSSpecsNotFound. */
export class QosSpecsNotFound extends NotFound {
  constructor(id: string) {
    super(`No such QoS spec ${id}.`);
  }
}

/** `utils.validate_dictionary_string_length`: text keys of 1..255, text values up to 255. */
function checkSpecs(specs: Record<string, unknown>): Record<string, string> {
  for (const [key, value] of Object.entries(specs)) {
    const keyLength = [...key].length;
    if (keyLength < 1) throw new InvalidInput(`Key "${key}" has ${keyLength} characters, less than 1.`);
    if (keyLength > 255) throw new InvalidInput(`Key "${key}" has ${keyLength} characters, more than 255.`);
    if (typeof value !== 'string')
      throw new InvalidInput(`Value for key "${key}" is not a string or unicode`);
    const length = [...value].length;
    if (length > 255)
      throw new InvalidInput(`Value for key "${key}" has ${length} characters, more than 255.`);
  }
  return specs as Record<string, string>;
}

function checkConsumer(consumer: string): void {
  if (!QOS_CONSUMERS.includes(consumer)) {
    const valid = QOS_CONSUMERS.map((value) => `'${value}'`).join(', ');
    throw new BadRequest(`Invalid qos specs: Valid consumer of QoS specs are: [${valid}]`);
  }
}

export async function qosSpecsRow(db: BlockStorageDb, id: string): Promise<QosSpecsRow> {
  const row = await db.selectFrom('qos_specs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new QosSpecsNotFound(id);
  return row;
}

/** QoS rows with their specs, in the same order. */
export async function withSpecs(db: BlockStorageDb, rows: QosSpecsRow[]): Promise<QosSpecsRecord[]> {
  const specs = await keyValuesByOwner(
    db,
    'qos_specs_values',
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, specs: specs.get(row.id)! }));
}

/**
 * POST /qos-specs: a named set of limits; `consumer` (default `back-end`) is kept apart from the
 * specs. The name must be free (409).
 */
export async function createQosSpecs(
  deps: BlockStorageDeps,
  name: string,
  given: Record<string, unknown>,
): Promise<QosSpecsRecord> {
  const { consumer = 'back-end', ...rest } = checkSpecs(given);
  checkConsumer(consumer);
  return deps.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('qos_specs').select('id').where('name', '=', name).executeTakeFirst();
    if (taken) throw new Conflict(`QoS Specs ${name} already exists.`);
    const row: QosSpecsRow = {
      id: deps.newId(),
      name,
      consumer,
      created_at: deps.now().toISOString(),
      updated_at: null,
    };
    await trx.insertInto('qos_specs').values(row).execute();
    await putKeyValues(trx, 'qos_specs_values', row.id, rest);
    return { ...row, specs: rest };
  });
}

/** PUT /qos-specs/{id}: sets specs (and the consumer, when given). */
export async function setQosSpecs(deps: BlockStorageDeps, id: string, given: Record<string, string>) {
  const { consumer, ...rest } = checkSpecs(given);
  if (consumer !== undefined) checkConsumer(consumer);
  await deps.db.transaction().execute(async (trx) => {
    await qosSpecsRow(trx, id);
    await trx
      .updateTable('qos_specs')
      .set({ ...(consumer === undefined ? {} : { consumer }), updated_at: deps.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await putKeyValues(trx, 'qos_specs_values', id, rest);
  });
}

/**
 * PUT /qos-specs/{id}/delete_keys: removes the keys in order; the first one missing stops it
 * with a 404, the ones before it staying removed (as Cinder).
 */
export async function deleteQosKeys(deps: BlockStorageDeps, id: string, keys: string[]): Promise<void> {
  await qosSpecsRow(deps.db, id);
  for (const key of keys) {
    const result = await deps.db
      .deleteFrom('qos_specs_values')
      .where('owner_id', '=', id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0)
      throw new NotFound(`QoS spec ${id} has no spec with key ${key}.`);
  }
}

/** DELETE /qos-specs/{id}: refused (400) while types use it, unless `force` drops those links first. */
export async function deleteQosSpecs(deps: BlockStorageDeps, id: string, force: boolean): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await qosSpecsRow(trx, id);
    const used = await trx
      .selectFrom('volume_types')
      .select('id')
      .where('qos_specs_id', '=', id)
      .executeTakeFirst();
    if (used && !force) throw new BadRequest('Qos specs still in use.');
    await trx
      .updateTable('volume_types')
      .set({ qos_specs_id: null })
      .where('qos_specs_id', '=', id)
      .execute();
    await trx.deleteFrom('qos_specs_values').where('owner_id', '=', id).execute();
    await trx.deleteFrom('qos_specs').where('id', '=', id).execute();
  });
}

/** GET /qos-specs/{id}/associations: the volume types that use it. */
export async function qosAssociations(deps: BlockStorageDeps, id: string) {
  await qosSpecsRow(deps.db, id);
  const types = await deps.db
    .selectFrom('volume_types')
    .select(['id', 'name'])
    .where('qos_specs_id', '=', id)
    .orderBy('name')
    .execute();
  return types.map((type) => ({ association_type: 'volume_type', name: type.name, id: type.id }));
}

async function typeQosSpecsId(db: BlockStorageDb, typeId: string): Promise<string | null> {
  const type = await db
    .selectFrom('volume_types')
    .select('qos_specs_id')
    .where('id', '=', typeId)
    .executeTakeFirst();
  if (!type) throw new VolumeTypeNotFound(typeId);
  return type.qos_specs_id;
}

/** GET /qos-specs/{id}/associate?vol_type_id=: a type has at most one QoS specs (400 when another). */
export async function associateQos(deps: BlockStorageDeps, id: string, typeId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await qosSpecsRow(trx, id);
    const current = await typeQosSpecsId(trx, typeId);
    if (current === id) return;
    if (current !== null) {
      throw new BadRequest(
        `Invalid volume type: Type ${typeId} is already associated with another qos specs: ${current}`,
      );
    }
    await trx
      .updateTable('volume_types')
      .set({ qos_specs_id: id, updated_at: deps.now().toISOString() })
      .where('id', '=', typeId)
      .execute();
  });
}

/** GET /qos-specs/{id}/disassociate?vol_type_id=: the type stops using it (if it did). */
export async function disassociateQos(deps: BlockStorageDeps, id: string, typeId: string): Promise<void> {
  await qosSpecsRow(deps.db, id);
  await typeQosSpecsId(deps.db, typeId);
  await deps.db
    .updateTable('volume_types')
    .set({ qos_specs_id: null, updated_at: deps.now().toISOString() })
    .where('id', '=', typeId)
    .where('qos_specs_id', '=', id)
    .execute();
}

/** GET /qos-specs/{id}/disassociate_all: no type uses it any more. */
export async function disassociateAllQos(deps: BlockStorageDeps, id: string): Promise<void> {
  await qosSpecsRow(deps.db, id);
  await deps.db
    .updateTable('volume_types')
    .set({ qos_specs_id: null, updated_at: deps.now().toISOString() })
    .where('qos_specs_id', '=', id)
    .execute();
}
