import { describeHost } from '../host-state.js';
import type { HostFilter } from './host-filter.js';

/** Only hosts whose compute service is enabled and heard from lately (Nova's ComputeFilter). */
export const computeFilter: HostFilter = {
  name: 'ComputeFilter',
  runOncePerRequest: true,
  runOnRebuild: false,
  hostPasses(host, _spec, note) {
    if (host.service.disabled) {
      note(`${describeHost(host)} is disabled, reason: ${host.service.disabledReason ?? 'None'}`);
      return false;
    }
    if (!host.service.up) {
      note(`${describeHost(host)} has not been heard from in a while`);
      return false;
    }
    return true;
  },
};
