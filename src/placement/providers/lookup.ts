import type { PlacementDb } from '../db/types.js';
import { notFound } from '../errors.js';

/** A resource provider as the API shows it, with its tree and its row's times. */
export interface Provider {
  id: number;
  uuid: string;
  name: string;
  generation: number;
  parent_provider_id: number | null;
  root_provider_id: number;
  parent_provider_uuid: string | null;
  root_provider_uuid: string;
  created_at: string;
  updated_at: string | null;
}

/** Providers with the uuids of their parent and root, for reading. */
export function providerQuery(db: PlacementDb) {
  return db
    .selectFrom('resource_provider as rp')
    .innerJoin('resource_provider as root', 'root.id', 'rp.root_provider_id')
    .leftJoin('resource_provider as parent', 'parent.id', 'rp.parent_provider_id')
    .select([
      'rp.id',
      'rp.uuid',
      'rp.name',
      'rp.generation',
      'rp.parent_provider_id',
      'rp.root_provider_id',
      'parent.uuid as parent_provider_uuid',
      'root.uuid as root_provider_uuid',
      'rp.created_at',
      'rp.updated_at',
    ]);
}

/** The provider with this uuid, or undefined. */
export async function findProvider(db: PlacementDb, uuid: string): Promise<Provider | undefined> {
  const row = await providerQuery(db).where('rp.uuid', '=', uuid).executeTakeFirst();
  return row as Provider | undefined;
}

/** The provider with this uuid; a 404 with upstream's message when there is none. */
export async function getProvider(db: PlacementDb, uuid: string): Promise<Provider> {
  const provider = await findProvider(db, uuid);
  if (!provider) throw notFound(`No resource provider with uuid ${uuid} found`);
  return provider;
}
