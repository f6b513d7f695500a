import type { HostState } from '../host-state.js';

/**
 * Every metadata key of the host's aggregates with the set of its values, comma-separated
 * values split and trimmed (Nova's aggregate_metadata_get_by_host). With `key`, only the
 * aggregates that have that key count.
 */
export function aggregateMetadataOf(host: HostState, key?: string): Map<string, Set<string>> {
  const metadata = new Map<string, Set<string>>();
  for (const aggregate of host.aggregates) {
    if (key !== undefined && !(key in aggregate.metadata)) continue;
    for (const [name, value] of Object.entries(aggregate.metadata)) {
      const values = metadata.get(name) ?? new Set<string>();
      for (const part of value.split(',')) values.add(part.trim());
      metadata.set(name, values);
    }
  }
  return metadata;
}

/** The distinct whole values of one metadata key across the host's aggregates. */
export function aggregateValuesOf(host: HostState, key: string): Set<string> {
  const values = new Set<string>();
  for (const aggregate of host.aggregates) if (key in aggregate.metadata) values.add(aggregate.metadata[key]);
  return values;
}
