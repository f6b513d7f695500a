import type { Kysely, Transaction } from 'kysely';
import type { Image, ImageStatus, Visibility } from '../model/image.js';
import type { ImageSchema, ImageTable } from './schema.js';

export type ImageDb = Kysely<ImageSchema> | Transaction<ImageSchema>;

const toNumber = (value: number | string | null) => (value === null ? null : Number(value));

/** The image's columns as stored. */
function toRow(image: Image): ImageTable {
  return {
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    owner: image.owner,
    disk_format: image.disk_format,
    container_format: image.container_format,
    size: image.size,
    virtual_size: image.virtual_size,
    checksum: image.checksum,
    os_hash_algo: image.os_hash_algo,
    os_hash_value: image.os_hash_value,
    min_disk: image.min_disk,
    min_ram: image.min_ram,
    protected: image.protected ? 1 : 0,
    os_hidden: image.os_hidden ? 1 : 0,
    store: image.store,
    created_at: image.created_at,
    updated_at: image.updated_at,
  };
}

function imageFromRow(row: ImageTable, properties: Record<string, string>, tags: string[]): Image {
  return {
    ...row,
    status: row.status as ImageStatus,
    visibility: row.visibility as Visibility,
    size: toNumber(row.size),
    virtual_size: toNumber(row.virtual_size),
    protected: row.protected === 1,
    os_hidden: row.os_hidden === 1,
    properties,
    tags,
  };
}

/** Properties and tags of several images, read in two queries. */
export async function loadDetails(db: ImageDb, rows: ImageTable[]): Promise<Image[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [properties, tags] = await Promise.all([
    db.selectFrom('image_property').selectAll().where('image_id', 'in', ids).orderBy('name').execute(),
    db.selectFrom('image_tag').selectAll().where('image_id', 'in', ids).orderBy('position').execute(),
  ]);
  const propsOf = new Map<string, Record<string, string>>(ids.map((id) => [id, {}]));
  for (const p of properties) propsOf.get(p.image_id)![p.name] = p.value;
  const tagsOf = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const t of tags) tagsOf.get(t.image_id)!.push(t.value);
  return rows.map((row) => imageFromRow(row, propsOf.get(row.id)!, tagsOf.get(row.id)!));
}

export async function findImage(db: ImageDb, id: string): Promise<Image | undefined> {
  const row = await db.selectFrom('image').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await loadDetails(db, [row]))[0] : undefined;
}

async function writeDetails(tx: Transaction<ImageSchema>, image: Image): Promise<void> {
  await tx.deleteFrom('image_property').where('image_id', '=', image.id).execute();
  await tx.deleteFrom('image_tag').where('image_id', '=', image.id).execute();
  const properties = Object.entries(image.properties).map(([name, value]) => ({
    image_id: image.id,
    name,
    value,
  }));
  if (properties.length > 0) await tx.insertInto('image_property').values(properties).execute();
  const tags = image.tags.map((value, position) => ({ image_id: image.id, value, position }));
  if (tags.length > 0) await tx.insertInto('image_tag').values(tags).execute();
}

/** Stores a new image; false when its id is taken. */
export async function insertImage(db: Kysely<ImageSchema>, image: Image): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('image').select('id').where('id', '=', image.id).executeTakeFirst();
    if (taken) return false;
    await tx.insertInto('image').values(toRow(image)).execute();
    await writeDetails(tx, image);
    return true;
  });
}

/**
 * Saves every attribute, property and tag of an image. With `fromStatus`, only while the stored
 * image is still in that status (so two uploads cannot both win); false when it was not saved
 * because the image changed status or is gone.
 */
export async function saveImage(
  db: Kysely<ImageSchema>,
  image: Image,
  fromStatus?: ImageStatus,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    let update = tx.updateTable('image').set(toRow(image)).where('id', '=', image.id);
    if (fromStatus !== undefined) update = update.where('status', '=', fromStatus);
    const result = await update.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await writeDetails(tx, image);
    return true;
  });
}

/** Updates some columns only (not properties or tags), optionally only from a given status. */
export async function updateColumns(
  db: ImageDb,
  id: string,
  columns: Partial<Omit<ImageTable, 'id'>>,
  fromStatus?: ImageStatus,
): Promise<boolean> {
  let update = db.updateTable('image').set(columns).where('id', '=', id);
  if (fromStatus !== undefined) update = update.where('status', '=', fromStatus);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets one extra property (Glance's own `os_glance_*` bookkeeping), or removes it when null. */
export async function setProperty(
  db: ImageDb,
  id: string,
  name: string,
  value: string | null,
): Promise<void> {
  await db.deleteFrom('image_property').where('image_id', '=', id).where('name', '=', name).execute();
  if (value !== null) await db.insertInto('image_property').values({ image_id: id, name, value }).execute();
}

export async function deleteImageRow(db: ImageDb, id: string): Promise<boolean> {
  const result = await db.deleteFrom('image').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** How many images a project owns (the image_count_total quota). */
export async function countImagesOf(db: ImageDb, owner: string): Promise<number> {
  const row = await db
    .selectFrom('image')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('owner', '=', owner)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Bytes of image data a project holds, but that of one image (the image_size_total quota). */
export async function bytesUsedBy(db: ImageDb, owner: string, exceptImage?: string): Promise<number> {
  let query = db
    .selectFrom('image')
    .select((eb) => eb.fn.sum<number | string | null>('size').as('total'))
    .where('owner', '=', owner)
    .where('size', 'is not', null);
  if (exceptImage !== undefined) query = query.where('id', '!=', exceptImage);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.total ?? 0);
}
