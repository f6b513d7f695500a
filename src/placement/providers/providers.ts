import type { PlacementDb } from '../db/types.js';
import { badRequest, conflict, ErrorCode, isUniqueViolation, notFound } from '../errors.js';
import { findProvider, getProvider, type Provider } from './lookup.js';

export interface ProviderCreate {
  uuid: string;
  name: string;
  parent_provider_uuid?: string | null;
}

/** The 409 for a name or uuid another provider has; like PostgreSQL upstream, one clash is named. */
async function duplicateOnCreate(db: PlacementDb, input: ProviderCreate) {
  const clash = async (column: 'name' | 'uuid') =>
    db.selectFrom('resource_provider').select('id').where(column, '=', input[column]).executeTakeFirst();
  const duplicate = (await clash('name'))
    ? `name: ${input.name}`
    : (await clash('uuid'))
      ? `uuid: ${input.uuid}`
      : '';
  if (!duplicate) return undefined;
  return conflict(`Conflicting resource provider ${duplicate} already exists.`, ErrorCode.DUPLICATE_NAME);
}

/**
 * Creates a provider; under a parent it joins the parent's tree, otherwise it is its own root.
 * Both writes happen in one transaction, so no reader sees a provider without its root.
 */
export async function createProvider(db: PlacementDb, input: ProviderCreate, now: string): Promise<Provider> {
  const refuse = (reason: string) =>
    badRequest(
      `Unable to create resource provider "${input.name}", ${input.uuid}: Object action create failed because: ${reason}`,
    );
  return db.transaction().execute(async (tx) => {
    let parent: Provider | undefined;
    if (input.parent_provider_uuid != null) {
      if (input.parent_provider_uuid === input.uuid) {
        throw refuse(
          'parent provider UUID cannot be same as UUID. Please set parent provider UUID to None if there is no parent.',
        );
      }
      parent = await findProvider(tx, input.parent_provider_uuid);
      if (!parent) throw refuse('parent provider UUID does not exist.');
    }
    const duplicate = await duplicateOnCreate(tx, input);
    if (duplicate) throw duplicate;
    try {
      const { id } = await tx
        .insertInto('resource_provider')
        .values({
          uuid: input.uuid,
          name: input.name,
          generation: 0,
          parent_provider_id: parent?.id ?? null,
          root_provider_id: parent?.root_provider_id ?? null,
          created_at: now,
          updated_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (!parent)
        await tx
          .updateTable('resource_provider')
          .set({ root_provider_id: id })
          .where('id', '=', id)
          .execute();
    } catch (error) {
      // A concurrent create of the same name or uuid.
      if (isUniqueViolation(error)) {
        throw conflict(
          `Conflicting resource provider name: ${input.name} already exists.`,
          ErrorCode.DUPLICATE_NAME,
        );
      }
      throw error;
    }
    return getProvider(tx, input.uuid);
  });
}

/** The provider and everything below it in its tree. */
async function subtreeIds(db: PlacementDb, provider: Provider): Promise<number[]> {
  const tree = await db
    .selectFrom('resource_provider')
    .select(['id', 'parent_provider_id'])
    .where('root_provider_id', '=', provider.root_provider_id)
    .execute();
  const children = new Map<number, number[]>();
  for (const row of tree) {
    if (row.parent_provider_id === null) continue;
    children.set(row.parent_provider_id, [...(children.get(row.parent_provider_id) ?? []), row.id]);
  }
  const found: number[] = [];
  const pending = [provider.id];
  while (pending.length > 0) {
    const id = pending.pop()!;
    found.push(id);
    pending.push(...(children.get(id) ?? []));
  }
  return found;
}

export interface ProviderUpdate {
  name: string;
  /** Absent: the parent is left alone; null: the provider becomes a root (1.37+). */
  parent_provider_uuid?: string | null;
}

/**
 * Renames a provider and, when asked, moves it in its tree. Before 1.37 a provider may only
 * gain a parent; from 1.37 it may change parents or become a root, taking its subtree along.
 */
export async function updateProvider(
  db: PlacementDb,
  uuid: string,
  input: ProviderUpdate,
  options: { allowReparenting: boolean; now: string },
): Promise<Provider> {
  const refuse = (action: string, reason: string) =>
    badRequest(`Unable to save resource provider ${uuid}: Object action ${action} failed because: ${reason}`);
  return db.transaction().execute(async (tx) => {
    const provider = await getProvider(tx, uuid);
    let parentId = provider.parent_provider_id;
    let rootId = provider.root_provider_id;
    let moved: number[] = [];
    if (input.parent_provider_uuid !== undefined) {
      if (input.parent_provider_uuid !== null) {
        const parent = await findProvider(tx, input.parent_provider_uuid);
        // Upstream names the action "create" here.
        if (!parent) throw refuse('create', 'parent provider UUID does not exist.');
        if (
          provider.parent_provider_id !== null &&
          provider.parent_provider_id !== parent.id &&
          !options.allowReparenting
        ) {
          throw refuse('update', 're-parenting a provider is not currently allowed.');
        }
        moved = await subtreeIds(tx, provider);
        if (moved.includes(parent.id))
          throw refuse('update', 'creating loop in the provider tree is not allowed.');
        parentId = parent.id;
        rootId = parent.root_provider_id;
      } else if (provider.parent_provider_id !== null) {
        if (!options.allowReparenting)
          throw refuse('update', 'un-parenting a provider is not currently allowed.');
        moved = await subtreeIds(tx, provider);
        parentId = null;
        rootId = provider.id;
      }
    }
    const clash = await tx
      .selectFrom('resource_provider')
      .select('id')
      .where('name', '=', input.name)
      .where('id', '!=', provider.id)
      .executeTakeFirst();
    if (clash)
      throw conflict(`Conflicting resource provider ${input.name} already exists.`, ErrorCode.DUPLICATE_NAME);
    await tx
      .updateTable('resource_provider')
      .set({ name: input.name, parent_provider_id: parentId, updated_at: options.now })
      .where('id', '=', provider.id)
      .execute();
    if (moved.length > 0) {
      await tx
        .updateTable('resource_provider')
        .set({ root_provider_id: rootId })
        .where('id', 'in', moved)
        .execute();
    }
    return getProvider(tx, uuid);
  });
}

/** Deletes a provider with its inventory, traits and aggregate links; never one with children or allocations. */
export async function deleteProvider(db: PlacementDb, uuid: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const provider = await findProvider(tx, uuid);
    if (!provider) throw notFound(`No resource provider with uuid ${uuid} found for delete`);
    const child = await tx
      .selectFrom('resource_provider')
      .select('id')
      .where('parent_provider_id', '=', provider.id)
      .executeTakeFirst();
    if (child) {
      throw conflict(
        `Unable to delete parent resource provider ${uuid}: It has child resource providers.`,
        ErrorCode.PROVIDER_CANNOT_DELETE_PARENT,
      );
    }
    const allocation = await tx
      .selectFrom('allocation')
      .select('id')
      .where('resource_provider_id', '=', provider.id)
      .executeTakeFirst();
    if (allocation) {
      throw conflict(
        `Unable to delete resource provider ${uuid}: Resource provider has allocations.`,
        ErrorCode.PROVIDER_IN_USE,
      );
    }
    await tx.deleteFrom('inventory').where('resource_provider_id', '=', provider.id).execute();
    await tx.deleteFrom('resource_provider_trait').where('resource_provider_id', '=', provider.id).execute();
    await tx
      .deleteFrom('resource_provider_aggregate')
      .where('resource_provider_id', '=', provider.id)
      .execute();
    await tx
      .updateTable('resource_provider')
      .set({ root_provider_id: null })
      .where('id', '=', provider.id)
      .execute();
    await tx.deleteFrom('resource_provider').where('id', '=', provider.id).execute();
  });
}
