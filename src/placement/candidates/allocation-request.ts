/**
 * An amount of one resource class from one provider. Upstream shares these objects between the
 * allocation requests built from them and, when it folds request groups together, adds to the
 * first one in place (see `consolidate` in merge-candidates.ts); the search keeps them shared
 * the same way so that its answers match upstream's even where that shows.
 */
export interface ResourceRequest {
  providerId: number;
  resourceClass: string;
  amount: number;
}

/** One way to meet one request group, or (once merged) the whole request. */
export interface AllocationRequest {
  /** The root of the tree this request is for (a sharing provider serves other trees). */
  anchorRootId: number;
  /** Whether it comes from a granular group (one provider). */
  useSameProvider: boolean;
  resourceRequests: ResourceRequest[];
  /** Request group suffix -> uuids of the providers that meet it. */
  mappings: Map<string, Set<string>>;
}

function resourcesKey(request: AllocationRequest): string {
  return request.resourceRequests
    .map((resource) => `${resource.providerId}|${resource.resourceClass}|${resource.amount}`)
    .sort()
    .join(',');
}

function sameMappings(a: Map<string, Set<string>>, b: Map<string, Set<string>>): boolean {
  if (a.size !== b.size) return false;
  for (const [suffix, uuids] of a) {
    const other = b.get(suffix);
    if (!other || other.size !== uuids.size || [...uuids].some((uuid) => !other.has(uuid))) return false;
  }
  return true;
}

/**
 * Allocation requests without repeats, as upstream's Python set of them: two are the same when
 * they ask the same amounts from the same providers for the same groups. Like the Python set,
 * an entry is filed under its amounts when it is added, even if they grow later.
 */
export class AllocationRequestSet {
  private readonly byKey = new Map<string, AllocationRequest[]>();
  private readonly ordered: AllocationRequest[] = [];

  add(request: AllocationRequest): void {
    const key = resourcesKey(request);
    const filed = this.byKey.get(key) ?? [];
    if (filed.some((other) => resourcesKey(other) === key && sameMappings(other.mappings, request.mappings)))
      return;
    filed.push(request);
    this.byKey.set(key, filed);
    this.ordered.push(request);
  }

  get size(): number {
    return this.ordered.length;
  }

  values(): AllocationRequest[] {
    return [...this.ordered];
  }
}
