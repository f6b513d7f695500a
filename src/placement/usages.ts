import type { PlacementDb } from './db/types.js';
import { toNumber } from './db/types.js';

/** The name usages give consumers that never said their type (1.38). */
export const UNKNOWN_CONSUMER_TYPE = 'unknown';

/** What is allocated of each class a provider has inventory of (0 when nothing is). */
export async function providerUsages(db: PlacementDb, providerId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('inventory as inv')
    .innerJoin('resource_class as rc', 'rc.id', 'inv.resource_class_id')
    .leftJoin('allocation as a', (join) =>
      join
        .onRef('a.resource_provider_id', '=', 'inv.resource_provider_id')
        .onRef('a.resource_class_id', '=', 'inv.resource_class_id'),
    )
    .select(['rc.name', (eb) => eb.fn.coalesce(eb.fn.sum<number>('a.used'), eb.lit(0)).as('used')])
    .where('inv.resource_provider_id', '=', providerId)
    .groupBy(['inv.resource_class_id', 'rc.name'])
    .orderBy('inv.resource_class_id')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.name, toNumber(row.used)]));
}

export interface UsageScope {
  projectId: string;
  userId?: string;
}

/** Allocations of a project's (or a project user's) consumers, joined to their consumer. */
function scoped(db: PlacementDb, scope: UsageScope) {
  let query = db
    .selectFrom('allocation as a')
    .innerJoin('consumer as c', 'c.uuid', 'a.consumer_id')
    .innerJoin('resource_class as rc', 'rc.id', 'a.resource_class_id')
    .where('c.project_id', '=', scope.projectId);
  if (scope.userId) query = query.where('c.user_id', '=', scope.userId);
  return query;
}

/** Totals by class of what a project (or a user in it) has allocated (GET /usages before 1.38). */
export async function totalUsages(db: PlacementDb, scope: UsageScope): Promise<Record<string, number>> {
  const rows = await scoped(db, scope)
    .select(['rc.name', (eb) => eb.fn.sum<number>('a.used').as('used')])
    .groupBy(['a.resource_class_id', 'rc.name'])
    .orderBy('a.resource_class_id')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.name, toNumber(row.used)]));
}

/** Usages by class and the number of consumers, under one consumer type's name. */
export type UsagesByType = Record<string, Record<string, number>>;

/**
 * GET /usages from 1.38: totals grouped by consumer type, each with its `consumer_count`.
 * `all` puts everything under "all"; `unknown` only consumers without a type; another name
 * only consumers of that type.
 */
export async function usagesByConsumerType(
  db: PlacementDb,
  scope: UsageScope,
  consumerType?: string,
): Promise<UsagesByType> {
  if (consumerType === 'all' || consumerType === UNKNOWN_CONSUMER_TYPE) {
    const onlyUntyped = consumerType === UNKNOWN_CONSUMER_TYPE;
    const base = onlyUntyped ? scoped(db, scope).where('c.consumer_type', 'is', null) : scoped(db, scope);
    const counted = await base
      .select((eb) => eb.fn.count<number>('a.consumer_id').distinct().as('consumers'))
      .executeTakeFirst();
    const rows = await base
      .select(['rc.name', (eb) => eb.fn.sum<number>('a.used').as('used')])
      .groupBy(['a.resource_class_id', 'rc.name'])
      .orderBy('a.resource_class_id')
      .execute();
    if (rows.length === 0) return {};
    const usages: Record<string, number> = Object.fromEntries(
      rows.map((row) => [row.name, toNumber(row.used)]),
    );
    return { [consumerType]: { ...usages, consumer_count: toNumber(counted?.consumers) } };
  }
  const base = consumerType
    ? scoped(db, scope).where('c.consumer_type', '=', consumerType)
    : scoped(db, scope);
  const counts = await base
    .select(['c.consumer_type', (eb) => eb.fn.count<number>('a.consumer_id').distinct().as('consumers')])
    .groupBy('c.consumer_type')
    .execute();
  const rows = await base
    .select(['c.consumer_type', 'rc.name', (eb) => eb.fn.sum<number>('a.used').as('used')])
    .groupBy(['a.resource_class_id', 'rc.name', 'c.consumer_type'])
    .orderBy('a.resource_class_id')
    .execute();
  const result: UsagesByType = {};
  for (const row of rows) {
    const type = row.consumer_type ?? UNKNOWN_CONSUMER_TYPE;
    const count = counts.find((c) => c.consumer_type === row.consumer_type)?.consumers;
    result[type] = { ...result[type], [row.name]: toNumber(row.used), consumer_count: toNumber(count) };
  }
  return result;
}
