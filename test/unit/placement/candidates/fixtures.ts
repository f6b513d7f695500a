import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Microversion } from '../../../../src/common/http/microversion.js';
import { parseCandidateRequest } from '../../../../src/placement/api/allocation-candidates/parse-request.js';
import { allocationCandidatesView } from '../../../../src/placement/api/allocation-candidates/view.js';
import { answerOf } from '../../../../src/placement/candidates/allocation-candidates.js';
import { findCandidates } from '../../../../src/placement/candidates/find-candidates.js';
import type { InventoryUsage, SearchData } from '../../../../src/placement/candidates/search-data.js';
import type { PlacementSchema } from '../../../../src/placement/db/schema.js';
import {
  FIRST_CUSTOM_RESOURCE_CLASS_ID,
  STANDARD_RESOURCE_CLASSES,
} from '../../../../src/placement/db/standard-resource-classes.js';
import { STANDARD_TRAITS } from '../../../../src/placement/db/standard-traits.js';

/**
 * Provider trees written as data, for the candidate tests: the same fixture is searched in
 * memory by the pure core, written to a database for the API tests, or created on a real
 * placement to learn upstream's answers. Providers and aggregates are named; their uuids are
 * derived from the names.
 */

export interface InventorySpec {
  total: number;
  reserved?: number;
  min_unit?: number;
  max_unit?: number;
  step_size?: number;
  allocation_ratio?: number;
}

export interface ProviderSpec {
  name: string;
  parent?: string;
  /** Class -> total, or the whole inventory record. */
  inventory?: Record<string, number | InventorySpec>;
  /** Class -> amount already allocated. */
  used?: Record<string, number>;
  traits?: string[];
  /** Aggregate names. */
  aggregates?: string[];
}

function uuidFrom(kind: string, name: string): string {
  const hex = createHash('md5').update(`${kind}:${name}`).digest('hex');
  return `cafe${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const providerUuid = (name: string) => uuidFrom('provider', name);
export const aggregateUuid = (name: string) => uuidFrom('aggregate', name);

export function fullInventory(spec: number | InventorySpec): Required<InventorySpec> {
  const inventory = typeof spec === 'number' ? { total: spec } : spec;
  return {
    reserved: 0,
    min_unit: 1,
    max_unit: inventory.total,
    step_size: 1,
    allocation_ratio: 1,
    ...inventory,
  };
}

/** The search data of a fixture, built in memory. */
export function worldOf(specs: ProviderSpec[]): SearchData {
  const ids = new Map(specs.map((spec, index) => [spec.name, index + 1]));
  const search: SearchData = {
    providers: new Map(),
    providerIdByUuid: new Map(),
    resourceClasses: new Set(STANDARD_RESOURCE_CLASSES),
    traits: new Set(STANDARD_TRAITS),
    inventories: new Map(),
    traitsByProvider: new Map(),
    aggregatesByProvider: new Map(),
  };
  for (const spec of specs) {
    const id = ids.get(spec.name)!;
    const parentId = spec.parent ? ids.get(spec.parent)! : null;
    const rootId = parentId === null ? id : search.providers.get(parentId)!.rootId;
    search.providers.set(id, { id, uuid: providerUuid(spec.name), parentId, rootId });
    search.providerIdByUuid.set(providerUuid(spec.name), id);
    for (const [resourceClass, inventorySpec] of Object.entries(spec.inventory ?? {})) {
      const full = fullInventory(inventorySpec);
      search.resourceClasses.add(resourceClass);
      const inventory: InventoryUsage = {
        providerId: id,
        resourceClass,
        total: full.total,
        reserved: full.reserved,
        minUnit: full.min_unit,
        maxUnit: full.max_unit,
        stepSize: full.step_size,
        allocationRatio: full.allocation_ratio,
        used: spec.used?.[resourceClass] ?? 0,
      };
      const list = search.inventories.get(resourceClass) ?? [];
      search.inventories.set(resourceClass, list);
      list.push(inventory);
    }
    if (spec.traits?.length) {
      for (const name of spec.traits) search.traits.add(name);
      search.traitsByProvider.set(id, new Set(spec.traits));
    }
    if (spec.aggregates?.length)
      search.aggregatesByProvider.set(id, new Set(spec.aggregates.map(aggregateUuid)));
  }
  return search;
}

/** Writes a fixture into a migrated placement database. */
export async function seed(db: Kysely<PlacementSchema>, specs: ProviderSpec[]): Promise<void> {
  const created_at = new Date().toISOString();
  const ids = new Map<string, number>();
  const roots = new Map<string, number>();
  const customClasses = new Map<string, number>();
  const traitIds = new Map<string, number>();
  const aggregateIds = new Map<string, number>();
  const classId = async (name: string) => {
    const standard = STANDARD_RESOURCE_CLASSES.indexOf(name);
    if (standard >= 0) return standard;
    if (!customClasses.has(name)) {
      const id = FIRST_CUSTOM_RESOURCE_CLASS_ID + customClasses.size;
      await db.insertInto('resource_class').values({ id, name, created_at }).execute();
      customClasses.set(name, id);
    }
    return customClasses.get(name)!;
  };
  const traitId = async (name: string) => {
    if (!traitIds.has(name)) {
      let row = await db.selectFrom('trait').select('id').where('name', '=', name).executeTakeFirst();
      row ??= await db
        .insertInto('trait')
        .values({ name, created_at })
        .returning('id')
        .executeTakeFirstOrThrow();
      traitIds.set(name, row.id);
    }
    return traitIds.get(name)!;
  };
  const aggregateId = async (name: string) => {
    if (!aggregateIds.has(name)) {
      const row = await db
        .insertInto('placement_aggregate')
        .values({ uuid: aggregateUuid(name) })
        .returning('id')
        .executeTakeFirstOrThrow();
      aggregateIds.set(name, row.id);
    }
    return aggregateIds.get(name)!;
  };
  for (const spec of specs) {
    const parentId = spec.parent ? ids.get(spec.parent)! : null;
    const { id } = await db
      .insertInto('resource_provider')
      .values({
        uuid: providerUuid(spec.name),
        name: spec.name,
        generation: 0,
        parent_provider_id: parentId,
        root_provider_id: spec.parent ? roots.get(spec.parent)! : null,
        created_at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(spec.name, id);
    roots.set(spec.name, spec.parent ? roots.get(spec.parent)! : id);
    if (!spec.parent)
      await db.updateTable('resource_provider').set({ root_provider_id: id }).where('id', '=', id).execute();
    for (const [name, inventorySpec] of Object.entries(spec.inventory ?? {})) {
      const full = fullInventory(inventorySpec);
      const resource_class_id = await classId(name);
      await db
        .insertInto('inventory')
        .values({ resource_provider_id: id, resource_class_id, ...full, created_at })
        .execute();
      const used = spec.used?.[name];
      if (used) {
        const consumer = providerUuid(`consumer of ${spec.name} ${name}`);
        await db
          .insertInto('consumer')
          .values({
            uuid: consumer,
            project_id: 'p',
            user_id: 'u',
            generation: 0,
            consumer_type: null,
            created_at,
          })
          .execute();
        await db
          .insertInto('allocation')
          .values({ resource_provider_id: id, consumer_id: consumer, resource_class_id, used, created_at })
          .execute();
      }
    }
    for (const name of spec.traits ?? []) {
      await db
        .insertInto('resource_provider_trait')
        .values({ resource_provider_id: id, trait_id: await traitId(name) })
        .execute();
    }
    for (const name of spec.aggregates ?? []) {
      await db
        .insertInto('resource_provider_aggregate')
        .values({ resource_provider_id: id, aggregate_id: await aggregateId(name) })
        .execute();
    }
  }
}

/** An answer body as JSON, whatever produced it. */
export interface AnswerBody {
  allocation_requests: { allocations: unknown; mappings?: Record<string, string[]> }[];
  provider_summaries: Record<string, Record<string, unknown>>;
}

/**
 * An answer with uuids replaced by fixture names, mappings sorted and allocation requests in a
 * fixed order (upstream's order is not defined), for comparing answers.
 */
export function readable(body: AnswerBody, specs: ProviderSpec[]): unknown {
  const names = new Map(specs.map((spec) => [providerUuid(spec.name), spec.name]));
  const name = (uuid: string | null) => (uuid === null ? null : (names.get(uuid) ?? uuid));
  const sortKeys = (value: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const requests = body.allocation_requests.map((request) => {
    const allocations = Array.isArray(request.allocations)
      ? (
          request.allocations as { resource_provider: { uuid: string }; resources: Record<string, number> }[]
        ).map((allocation) => ({
          provider: name(allocation.resource_provider.uuid),
          resources: sortKeys(allocation.resources),
        }))
      : sortKeys(
          Object.fromEntries(
            Object.entries(request.allocations as Record<string, { resources: Record<string, number> }>).map(
              ([uuid, allocation]) => [name(uuid), sortKeys(allocation.resources)],
            ),
          ),
        );
    if (Array.isArray(allocations))
      allocations.sort((a, b) => String(a.provider).localeCompare(String(b.provider)));
    return {
      allocations,
      ...(request.mappings
        ? {
            mappings: sortKeys(
              Object.fromEntries(
                Object.entries(request.mappings).map(([suffix, uuids]) => [
                  suffix,
                  uuids.map((u) => name(u)).sort(),
                ]),
              ),
            ),
          }
        : {}),
    };
  });
  requests.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const summaries = sortKeys(
    Object.fromEntries(
      Object.entries(body.provider_summaries).map(([uuid, summary]) => {
        const shown: Record<string, unknown> = {
          resources: sortKeys(summary.resources as Record<string, unknown>),
        };
        if ('traits' in summary) shown.traits = [...(summary.traits as string[])].sort();
        if ('parent_provider_uuid' in summary) {
          shown.parent = name(summary.parent_provider_uuid as string | null);
          shown.root = name(summary.root_provider_uuid as string);
        }
        return [name(uuid), shown];
      }),
    ),
  );
  return { allocation_requests: requests, provider_summaries: summaries };
}

/** The pure core's answer to a query on a fixture, as the API would show it at `version`. */
export function coreAnswer(specs: ProviderSpec[], query: string, version = '1.39'): AnswerBody {
  const microversion = Microversion.parse(version);
  const data = worldOf(specs);
  const request = parseCandidateRequest(new URLSearchParams(query), microversion);
  const found = findCandidates(request, data, {
    nestedAware: microversion.atLeast('1.29'),
    randomize: false,
    random: () => 0,
  });
  const classes = new Set(request.groups.flatMap((group) => [...group.resources.keys()]));
  return allocationCandidatesView(answerOf(found, data), classes, microversion);
}
