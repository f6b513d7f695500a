import type { HostFilter } from './host-filter.js';

/** With the `same_host` hint, only hosts running one of the named instances. */
export const sameHostFilter: HostFilter = {
  name: 'SameHostFilter',
  runOncePerRequest: true,
  runOnRebuild: false,
  hostPasses(host, spec, note) {
    if (spec.sameHost.length === 0) return true;
    if (spec.sameHost.some((uuid) => host.instances.has(uuid))) return true;
    note(`${host.host} runs none of the same_host instances`);
    return false;
  },
};
