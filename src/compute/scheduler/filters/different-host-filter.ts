import type { HostFilter } from './host-filter.js';

/** With the `different_host` hint, only hosts running none of the named instances. */
export const differentHostFilter: HostFilter = {
  name: 'DifferentHostFilter',
  runOncePerRequest: true,
  runOnRebuild: false,
  hostPasses(host, spec, note) {
    const overlap = spec.differentHost.filter((uuid) => host.instances.has(uuid));
    if (overlap.length === 0) return true;
    note(`${host.host} runs different_host instances ${overlap.join(', ')}`);
    return false;
  },
};
