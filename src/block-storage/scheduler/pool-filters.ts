/** Cinder's `strutils.bool_from_string` (not strict): the true words, anything else false. */
const TRUE_WORDS = ['1', 't', 'true', 'on', 'y', 'yes'];

/**
 * Cinder's `_equal_after_convert`: a query value (text) against a capability: a boolean
 * capability takes the value as a boolean, a missing one matches nothing; anything else is
 * compared as text (Python's `str`, so `True`, not `true`).
 */
export function capabilityEquals(capability: unknown, value: string): boolean {
  if (typeof capability === 'string') return capability === value;
  if (capability === null || capability === undefined) return false;
  if (typeof capability === 'boolean') return capability === TRUE_WORDS.includes(value.trim().toLowerCase());
  return String(capability) === value;
}

/** A pool as the scheduler lists it: `host@backend#pool` and what its backend reported. */
export interface Pool {
  name: string;
  capabilities: Record<string, unknown>;
}

/**
 * The scheduler's `get_pools` filters: `name` is the pool's whole name (`host@backend#pool`),
 * every other key a capability of it.
 */
export function filterPools(pools: Pool[], filters: Record<string, string>): Pool[] {
  return pools.filter((pool) =>
    Object.entries(filters).every(([key, value]) =>
      key === 'name' ? pool.name === value : capabilityEquals(pool.capabilities[key], value),
    ),
  );
}
