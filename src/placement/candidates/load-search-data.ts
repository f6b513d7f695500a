import { sql, type Kysely } from 'kysely';
import type { PlacementSchema } from '../db/schema.js';
import type { CandidateRequest } from './request.js';
import { SHARING_TRAIT, type InventoryUsage, type ProviderNode, type SearchData } from './search-data.js';

/**
 * Reads what the candidate search and the provider summaries need in six queries, whatever
 * the number of providers: the provider trees, every inventory with the sum of its
 * allocations, every provider's traits, and the memberships of the aggregates the request
 * names and of those sharing providers are in. Reading every inventory costs little more than
 * reading the requested classes', and the summaries need them all for the trees they show.
 */
export async function loadSearchData(
  db: Kysely<PlacementSchema>,
  request: CandidateRequest,
): Promise<SearchData> {
  const aggregateUuids = new Set<string>();
  for (const group of request.groups) {
    for (const anyOf of group.memberOf) for (const uuid of anyOf) aggregateUuids.add(uuid);
    for (const uuid of group.forbiddenAggregates) aggregateUuids.add(uuid);
  }
  const [providerRows, classRows, traitRows, inventoryRows, providerTraitRows] = await Promise.all([
    db
      .selectFrom('resource_provider')
      .select(['id', 'uuid', 'parent_provider_id', 'root_provider_id'])
      .orderBy('id')
      .execute(),
    db.selectFrom('resource_class').select(['id', 'name']).execute(),
    db.selectFrom('trait').select(['id', 'name']).execute(),
    loadInventories(db),
    db.selectFrom('resource_provider_trait').select(['resource_provider_id', 'trait_id']).execute(),
  ]);
  const traitNameById = new Map(traitRows.map((row) => [row.id, row.name]));
  const sharingTraitId = traitRows.find((row) => row.name === SHARING_TRAIT)?.id ?? -1;
  const membershipRows = await loadMemberships(db, [...aggregateUuids], sharingTraitId);

  const providers = new Map<number, ProviderNode>();
  const providerIdByUuid = new Map<string, number>();
  for (const row of providerRows) {
    const rootId = row.root_provider_id ?? row.id;
    providers.set(row.id, { id: row.id, uuid: row.uuid, parentId: row.parent_provider_id, rootId });
    providerIdByUuid.set(row.uuid, row.id);
  }
  const classNameById = new Map(classRows.map((row) => [row.id, row.name]));
  const inventories = new Map<string, InventoryUsage[]>();
  for (const row of inventoryRows) {
    const inventory = inventoryUsage(row, classNameById.get(row.resource_class_id)!);
    const list = inventories.get(inventory.resourceClass) ?? [];
    inventories.set(inventory.resourceClass, list);
    list.push(inventory);
  }
  return {
    providers,
    providerIdByUuid,
    resourceClasses: new Set(classNameById.values()),
    traits: new Set(traitNameById.values()),
    inventories,
    traitsByProvider: groupSets(
      providerTraitRows.map((row) => [row.resource_provider_id, traitNameById.get(row.trait_id)!]),
    ),
    aggregatesByProvider: groupSets(membershipRows.map((row) => [row.resource_provider_id, row.uuid])),
  };
}

function groupSets(pairs: [number, string][]): Map<number, Set<string>> {
  const sets = new Map<number, Set<string>>();
  for (const [id, name] of pairs) {
    const set = sets.get(id) ?? new Set<string>();
    sets.set(id, set);
    set.add(name);
  }
  return sets;
}

interface InventoryRow {
  resource_provider_id: number;
  resource_class_id: number;
  total: number;
  reserved: number;
  min_unit: number;
  max_unit: number;
  step_size: number;
  allocation_ratio: number;
  used: number | string | null;
}

function inventoryUsage(row: InventoryRow, resourceClass: string): InventoryUsage {
  return {
    providerId: row.resource_provider_id,
    resourceClass,
    total: Number(row.total),
    reserved: Number(row.reserved),
    minUnit: Number(row.min_unit),
    maxUnit: Number(row.max_unit),
    stepSize: Number(row.step_size),
    allocationRatio: Number(row.allocation_ratio),
    // PostgreSQL sums integers into bigint, which its driver returns as text.
    used: Number(row.used ?? 0),
  };
}

/** Every inventory with what is allocated against it, in provider order. */
function loadInventories(db: Kysely<PlacementSchema>): Promise<InventoryRow[]> {
  const usage = db
    .selectFrom('allocation')
    .select(['resource_provider_id', 'resource_class_id', sql<number>`sum(used)`.as('used')])
    .groupBy(['resource_provider_id', 'resource_class_id'])
    .as('usage');
  return db
    .selectFrom('inventory as inv')
    .leftJoin(usage, (join) =>
      join
        .onRef('usage.resource_provider_id', '=', 'inv.resource_provider_id')
        .onRef('usage.resource_class_id', '=', 'inv.resource_class_id'),
    )
    .select([
      'inv.resource_provider_id',
      'inv.resource_class_id',
      'inv.total',
      'inv.reserved',
      'inv.min_unit',
      'inv.max_unit',
      'inv.step_size',
      'inv.allocation_ratio',
      'usage.used',
    ])
    .orderBy('inv.resource_provider_id')
    .orderBy('inv.resource_class_id')
    .execute();
}

/** Memberships of the named aggregates and of every aggregate a sharing provider is in. */
function loadMemberships(
  db: Kysely<PlacementSchema>,
  aggregateUuids: string[],
  sharingTraitId: number,
): Promise<{ resource_provider_id: number; uuid: string }[]> {
  const sharedAggregates = db
    .selectFrom('resource_provider_aggregate as shared')
    .innerJoin('resource_provider_trait as rpt', 'rpt.resource_provider_id', 'shared.resource_provider_id')
    .select('shared.aggregate_id')
    .where('rpt.trait_id', '=', sharingTraitId);
  return db
    .selectFrom('resource_provider_aggregate as rpa')
    .innerJoin('placement_aggregate as agg', 'agg.id', 'rpa.aggregate_id')
    .select(['rpa.resource_provider_id', 'agg.uuid'])
    .where((where) =>
      where.or([
        ...(aggregateUuids.length ? [where('agg.uuid', 'in', aggregateUuids)] : []),
        where('rpa.aggregate_id', 'in', sharedAggregates),
      ]),
    )
    .execute();
}
