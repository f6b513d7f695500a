/** Placement's resources as its API shows them, at the microversions PlacementClient uses. */

export interface ResourceProvider {
  uuid: string;
  name: string;
  generation: number;
  parent_provider_uuid: string | null;
  root_provider_uuid: string;
}

/** One resource class's inventory; placement fills the fields left out with its defaults. */
export interface Inventory {
  total: number;
  reserved?: number;
  min_unit?: number;
  max_unit?: number;
  step_size?: number;
  allocation_ratio?: number;
}

/** Inventories by resource class, e.g. `{ VCPU: { total: 8 }, MEMORY_MB: { total: 16384 } }`. */
export type Inventories = Record<string, Inventory>;

/** Amounts by resource class, e.g. `{ VCPU: 2, MEMORY_MB: 2048 }`. */
export type Resources = Record<string, number>;

/** What to claim, as an allocation candidate offers it (1.34+ adds the group mappings). */
export interface AllocationRequest {
  allocations: Record<string, { resources: Resources }>;
  mappings?: Record<string, string[]>;
}

/** A consumer's allocations as `GET /allocations/{consumer}` shows them at 1.28. */
export interface ConsumerAllocations {
  allocations: Record<string, { resources: Resources; generation?: number }>;
  project_id?: string;
  user_id?: string;
  consumer_generation?: number | null;
}

/** One group of a request for candidates: what one provider (or one subtree) must satisfy. */
export interface RequestGroup {
  resources?: Resources;
  /** Traits the provider must have. */
  required?: string[];
  /** Traits the provider must not have. */
  forbidden?: string[];
  /** Each entry is a list of aggregates of which the provider must be in at least one. */
  memberOf?: string[][];
  /** Aggregates the provider must be in none of. */
  forbiddenAggregates?: string[];
  /** Only providers in the tree of this provider. */
  inTree?: string;
}

/** A scheduling request: the unnumbered group, granular groups by suffix, and the limits. */
export interface CandidatesRequest extends RequestGroup {
  /** Granular groups by suffix (`1`, `_NET`, ...), each satisfied by one provider. */
  groups?: Record<string, RequestGroup>;
  groupPolicy?: 'none' | 'isolate';
  /** Traits the root provider must have (`!` prefixed ones it must not). */
  rootRequired?: string[];
  /** Suffixes whose providers must share a subtree, one list per constraint. */
  sameSubtree?: string[][];
  limit?: number;
}

export interface ProviderSummary {
  resources: Record<string, { capacity: number; used: number }>;
  traits: string[];
  parent_provider_uuid: string | null;
  root_provider_uuid: string;
}

export interface AllocationCandidates {
  allocationRequests: AllocationRequest[];
  providerSummaries: Record<string, ProviderSummary>;
  /** The microversion they were asked for, which the claim uses too. */
  version: string;
}
