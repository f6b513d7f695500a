/**
 * What `GET /allocation_candidates` asks for, once its query string is read: request groups
 * and the parameters that apply to the request as a whole.
 */

/** One request group: the unsuffixed `resources`/`required`/`member_of`/`in_tree`, or a suffixed set. */
export interface RequestGroup {
  /** `''` for the unsuffixed group, else the suffix (`1`, `_NET`...). */
  suffix: string;
  /**
   * A suffixed (granular) group must be met by one provider; the unsuffixed group may take each
   * resource class from a different provider of one tree or from a sharing provider.
   */
  useSameProvider: boolean;
  /** Resource class -> amount, in the order the query names them; empty for a resourceless group. */
  resources: Map<string, number>;
  /** Every set must meet the provider(s)' traits; a set of several names is any-of (`in:`, 1.39). */
  requiredTraits: Set<string>[];
  forbiddenTraits: Set<string>;
  /** Aggregate uuids: the provider (or its root) must be in one of each set. */
  memberOf: Set<string>[];
  forbiddenAggregates: Set<string>;
  /** A provider uuid whose tree must supply the resources. */
  inTree: string | null;
}

/** Parameters of the whole request. */
export interface RequestWideParams {
  /** At most this many allocation requests (the first value of `limit`). */
  limit: number | null;
  /** `isolate` keeps granular groups on different providers; anything else does not. */
  groupPolicy: string | null;
  /** `root_required` (1.35): traits the root of each candidate's tree must have / must not have. */
  rootRequiredTraits: Set<string>;
  rootForbiddenTraits: Set<string>;
  /** `same_subtree` (1.36): each set of suffixes must be met by providers under one of them. */
  sameSubtrees: Set<string>[];
}

export interface CandidateRequest {
  /** In the order the query first names each suffix. */
  groups: RequestGroup[];
  wide: RequestWideParams;
}

/** Behaviour that depends on the microversion or on configuration rather than on the query. */
export interface SearchOptions {
  /** From 1.29 one request group may take resources from several providers of one tree. */
  nestedAware: boolean;
  /** Placement's `randomize_allocation_candidates`: shuffle (or sample, with a limit) the results. */
  randomize: boolean;
  /** A number in [0, 1); injected so that tests can fix it. */
  random: () => number;
}
