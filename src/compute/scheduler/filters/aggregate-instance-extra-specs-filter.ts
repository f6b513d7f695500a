import { describeHost } from '../host-state.js';
import { aggregateMetadataOf } from './aggregate-metadata.js';
import { extraSpecMatches } from './extra-specs-ops.js';
import type { HostFilter } from './host-filter.js';

const SCOPE = 'aggregate_instance_extra_specs';

/**
 * Hosts whose aggregates' metadata meets the flavor's extra specs: the unscoped keys and those
 * scoped `aggregate_instance_extra_specs:`; keys of other scopes (`hw:`, `quota:`...) are not
 * this filter's. A key no aggregate of the host has fails the host.
 */
export const aggregateInstanceExtraSpecsFilter: HostFilter = {
  name: 'AggregateInstanceExtraSpecsFilter',
  runOncePerRequest: true,
  runOnRebuild: false,
  hostPasses(host, spec, note) {
    const extraSpecs = Object.entries(spec.flavor.extraSpecs);
    if (extraSpecs.length === 0) return true;
    const metadata = aggregateMetadataOf(host);
    for (const [scopedKey, requirement] of extraSpecs) {
      const colon = scopedKey.indexOf(':');
      if (colon >= 0 && scopedKey.slice(0, colon) !== SCOPE) continue;
      const key = colon >= 0 ? scopedKey.slice(colon + 1) : scopedKey;
      const values = metadata.get(key);
      if (!values || values.size === 0) {
        note(
          `${describeHost(host)} fails flavor extra_specs requirements. Extra_spec ${key} is not in aggregate.`,
        );
        return false;
      }
      if (![...values].some((value) => extraSpecMatches(value, requirement))) {
        note(
          `${describeHost(host)} fails flavor extra_specs requirements. ` +
            `'${[...values].join(', ')}' do not match '${requirement}'`,
        );
        return false;
      }
    }
    return true;
  },
};
