import { describeHost, type SupportedInstance } from '../host-state.js';
import type { HostFilter } from './host-filter.js';
import { versionFromInt, versionSatisfies } from './version-predicate.js';

/** Old names Nova still accepts on images, mapped to the canonical ones. */
const ARCHITECTURE_ALIASES: Record<string, string> = {
  i386: 'i686',
  i486: 'i686',
  i586: 'i686',
  x86_32: 'i686',
  x86_32p: 'i686',
  amd64: 'x86_64',
};
const HYPERVISOR_TYPE_ALIASES: Record<string, string> = { xapi: 'xen' };
const VM_MODE_ALIASES: Record<string, string> = { pv: 'xen', hv: 'hvm', baremetal: 'hvm' };

function canonical(value: string | undefined, aliases: Record<string, string>): string | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  return aliases[lower] ?? lower;
}

export interface ImagePropertiesFilterOptions {
  /** The architecture of images that name none (`image_properties_default_architecture`). */
  defaultArchitecture?: string | null;
}

/**
 * Hosts that can run the image: some [architecture, hypervisor type, vm mode] the host supports
 * has each of the image's `hw_architecture`, `img_hv_type` and `hw_vm_mode` that it sets, and the
 * hypervisor version meets `img_hv_requested_version` (Nova's ImagePropertiesFilter, Zed).
 */
export function imagePropertiesFilter(options: ImagePropertiesFilterOptions = {}): HostFilter {
  return {
    name: 'ImagePropertiesFilter',
    runOncePerRequest: true,
    runOnRebuild: true,
    hostPasses(host, spec, note) {
      const properties = spec.imageProperties;
      const wanted = [
        canonical(
          properties.hw_architecture ?? options.defaultArchitecture ?? undefined,
          ARCHITECTURE_ALIASES,
        ),
        canonical(properties.img_hv_type, HYPERVISOR_TYPE_ALIASES),
        canonical(properties.hw_vm_mode, VM_MODE_ALIASES),
      ];
      if (!wanted.some((value) => value)) return true;
      if (host.supportedInstances.length === 0) {
        note(
          `Instance contains properties ${JSON.stringify(properties)}, but no corresponding supported_instances are advertised by the compute node`,
        );
        return false;
      }
      const offers = (supported: SupportedInstance) =>
        wanted.every((value) => !value || supported.includes(value));
      const required = properties.img_hv_requested_version;
      const versionFits =
        !host.hypervisorVersion ||
        !required ||
        versionSatisfies(versionFromInt(host.hypervisorVersion), required);
      if (versionFits && host.supportedInstances.some(offers)) return true;
      note(
        `${describeHost(host)} does not support requested instance_properties: ` +
          `${JSON.stringify(properties)} against supported_instances ${JSON.stringify(host.supportedInstances)} ` +
          `and hypervisor version ${host.hypervisorVersion}`,
      );
      return false;
    },
  };
}
