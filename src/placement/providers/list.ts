import { sql } from 'kysely';
import type { PlacementDb } from '../db/types.js';
import { badRequest } from '../errors.js';
import { resourceClassIds } from '../resource-classes.js';
import { traitIds } from '../traits.js';
import { findProvider, providerQuery, type Provider } from './lookup.js';

/** GET /resource_providers filters, already parsed from the query string. */
export interface ProviderFilters {
  name?: string;
  uuid?: string;
  /** Any provider of the tree this provider is in. */
  inTree?: string;
  /** Every group must be matched by at least one of its aggregates. */
  memberOf?: string[][];
  forbiddenAggregates?: string[];
  /** Every group must be matched by at least one of its traits. */
  requiredTraits?: string[][];
  forbiddenTraits?: string[];
  /** Room for each amount, by class name, within one inventory's limits. */
  resources?: Map<string, number>;
}

const unknownTraits = (missing: string[]) =>
  badRequest(`Invalid trait(s) in "required" parameter: No such trait(s): ${missing.join(', ')}.`);

/** Providers matching every filter, in creation order; filters apply in upstream's order. */
export async function listProviders(db: PlacementDb, filters: ProviderFilters): Promise<Provider[]> {
  let query = providerQuery(db);
  if (filters.name) query = query.where('rp.name', '=', filters.name);
  if (filters.uuid) query = query.where('rp.uuid', '=', filters.uuid);
  if (filters.inTree) {
    const member = await findProvider(db, filters.inTree);
    if (!member) return [];
    query = query.where('rp.root_provider_id', '=', member.root_provider_id);
  }
  if (filters.requiredTraits?.length) {
    const ids = await traitIds(db, filters.requiredTraits.flat(), unknownTraits);
    for (const anyOf of filters.requiredTraits) {
      const having = db
        .selectFrom('resource_provider_trait')
        .select('resource_provider_id')
        .where(
          'trait_id',
          'in',
          anyOf.map((name) => ids.get(name)!),
        );
      query = query.where('rp.id', 'in', having);
    }
  }
  if (filters.forbiddenTraits?.length) {
    const ids = await traitIds(db, filters.forbiddenTraits, unknownTraits);
    const having = db
      .selectFrom('resource_provider_trait')
      .select('resource_provider_id')
      .where('trait_id', 'in', [...ids.values()]);
    query = query.where('rp.id', 'not in', having);
  }
  if (filters.memberOf?.length) {
    const known = await aggregateIds(db, filters.memberOf.flat());
    for (const anyOf of filters.memberOf) {
      const ids = anyOf.flatMap((uuid) => (known.has(uuid) ? [known.get(uuid)!] : []));
      if (ids.length === 0) return [];
      const members = db
        .selectFrom('resource_provider_aggregate')
        .select('resource_provider_id')
        .where('aggregate_id', 'in', ids);
      query = query.where('rp.id', 'in', members);
    }
  }
  if (filters.forbiddenAggregates?.length) {
    const ids = [...(await aggregateIds(db, filters.forbiddenAggregates)).values()];
    if (ids.length > 0) {
      const members = db
        .selectFrom('resource_provider_aggregate')
        .select('resource_provider_id')
        .where('aggregate_id', 'in', ids);
      query = query.where('rp.id', 'not in', members);
    }
  }
  if (filters.resources?.size) {
    const classIds = await resourceClassIds(db, filters.resources.keys(), (message) =>
      badRequest(`Invalid resource class in resources parameter: ${message}`),
    );
    for (const [name, amount] of filters.resources) {
      query = query.where('rp.id', 'in', providersWithRoom(db, classIds.get(name)!, amount));
    }
  }
  return (await query.orderBy('rp.id').execute()) as Provider[];
}

async function aggregateIds(db: PlacementDb, uuids: string[]): Promise<Map<string, number>> {
  if (uuids.length === 0) return new Map();
  const rows = await db
    .selectFrom('placement_aggregate')
    .select(['id', 'uuid'])
    .where('uuid', 'in', uuids)
    .execute();
  return new Map(rows.map((row) => [row.uuid, row.id]));
}

/**
 * Providers whose inventory of the class can take `amount` more: within min_unit, max_unit
 * and step_size, and usage plus amount within `(total - reserved) * allocation_ratio`.
 */
function providersWithRoom(db: PlacementDb, resourceClassId: number, amount: number) {
  const usage = db
    .selectFrom('allocation')
    .select(['resource_provider_id', (eb) => eb.fn.sum<number>('used').as('used')])
    .where('resource_class_id', '=', resourceClassId)
    .groupBy('resource_provider_id')
    .as('usage');
  return db
    .selectFrom('inventory as inv')
    .leftJoin(usage, 'usage.resource_provider_id', 'inv.resource_provider_id')
    .select('inv.resource_provider_id')
    .where('inv.resource_class_id', '=', resourceClassId)
    .where(
      sql<boolean>`coalesce(usage.used, 0) + ${sql.lit(amount)} <= (inv.total - inv.reserved) * inv.allocation_ratio`,
    )
    .where('inv.min_unit', '<=', amount)
    .where('inv.max_unit', '>=', amount)
    .where(sql<boolean>`${sql.lit(amount)} % inv.step_size = 0`);
}
