import type { Generated } from 'kysely';

/**
 * Placement's tables (0/1 integers for booleans and ISO-8601 text for times, as identity's).
 * Providers, classes, traits and aggregates are joined by integer ids; the API shows uuids
 * and names. `updated_at` is null until a row is first changed, as upstream's.
 */
export interface PlacementSchema {
  resource_provider: ResourceProviderTable;
  resource_class: ResourceClassTable;
  inventory: InventoryTable;
  consumer: ConsumerTable;
  allocation: AllocationTable;
  trait: TraitTable;
  resource_provider_trait: ResourceProviderTraitTable;
  placement_aggregate: PlacementAggregateTable;
  resource_provider_aggregate: ResourceProviderAggregateTable;
}

/**
 * A provider of resources (a compute node, a NUMA node, a shared storage pool...). Providers
 * form trees: `parent_provider_id` is null for a root, and `root_provider_id` is the id of the
 * tree's root (the provider's own id for a root); it is set in the same transaction that
 * creates the row, so readers always see it.
 */
export interface ResourceProviderTable {
  id: Generated<number>;
  uuid: string;
  /** Unique across all providers. */
  name: string;
  /** Bumped on every change to the provider, its inventory, traits, aggregates or allocations. */
  generation: number;
  root_provider_id: number | null;
  parent_provider_id: number | null;
  created_at: string;
  updated_at: string | null;
}

/**
 * A kind of resource: the standard classes of os-resource-classes keep their upstream ids
 * (0, 1, 2... see standard-resource-classes.ts), `CUSTOM_*` ones are numbered from 10000.
 */
export interface ResourceClassTable {
  id: number;
  name: string;
  created_at: string;
  updated_at: string | null;
}

/** How much of one resource class a provider has; one row per (provider, class). */
export interface InventoryTable {
  id: Generated<number>;
  resource_provider_id: number;
  resource_class_id: number;
  total: number;
  reserved: number;
  min_unit: number;
  max_unit: number;
  step_size: number;
  /** Capacity is `(total - reserved) * allocation_ratio`. */
  allocation_ratio: number;
  created_at: string;
  updated_at: string | null;
}

/**
 * Whoever holds allocations (an instance, a migration...), keyed by its uuid; `project_id` and
 * `user_id` are Keystone ids. `generation` guards concurrent writes from 1.28 on.
 */
export interface ConsumerTable {
  uuid: string;
  project_id: string;
  user_id: string;
  generation: number;
  /** The 1.38 consumer type (e.g. `INSTANCE`); null when never given ("unknown" in usages). */
  consumer_type: string | null;
  created_at: string;
  updated_at: string | null;
}

/** An amount of one resource class that a consumer uses on one provider. */
export interface AllocationTable {
  id: Generated<number>;
  resource_provider_id: number;
  /** The consumer's uuid (`consumer.uuid`). */
  consumer_id: string;
  resource_class_id: number;
  used: number;
  created_at: string;
  updated_at: string | null;
}

/** A qualitative characteristic: the standard traits of os-traits and `CUSTOM_*` ones. */
export interface TraitTable {
  id: Generated<number>;
  name: string;
  created_at: string;
  updated_at: string | null;
}

/** The traits a provider has. */
export interface ResourceProviderTraitTable {
  resource_provider_id: number;
  trait_id: number;
}

/** An aggregate: only its uuid is known to placement (Nova owns the rest). */
export interface PlacementAggregateTable {
  id: Generated<number>;
  uuid: string;
}

/** The aggregates a provider belongs to. */
export interface ResourceProviderAggregateTable {
  resource_provider_id: number;
  aggregate_id: number;
}
