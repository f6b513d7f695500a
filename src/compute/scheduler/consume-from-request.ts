import type { HostState } from './host-state.js';
import type { RequestSpec } from './request-spec.js';

/**
 * Takes what one instance of the request uses from the chosen host, so the filters and weighers
 * see it for the next instance; with a server group, the host joins the group's hosts and the
 * instance the host's instances (the group filters and weighers read both).
 */
export function consumeFromRequest(host: HostState, spec: RequestSpec, instanceUuid: string): void {
  const { flavor } = spec;
  host.freeRamMb -= flavor.memoryMb;
  host.freeDiskMb -= (flavor.rootGb + flavor.ephemeralGb) * 1024;
  host.vcpusUsed += flavor.vcpus;
  host.numInstances += 1;
  if (spec.instanceGroup) {
    spec.instanceGroup.hosts.push(host.host);
    host.instances.add(instanceUuid);
  }
}
