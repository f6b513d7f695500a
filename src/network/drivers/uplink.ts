import { maxDeviceNameLength, vxlanName } from './device-names.js';
import { InvalidSpec } from './errors.js';
import type { NetworkSpec } from './network-driver.js';

/** The device that carries a network off the host, enslaved to its bridge. */
export type Uplink =
  /** A VXLAN device the driver makes for the segment. */
  | { kind: 'vxlan'; name: string; vni: number }
  /** A VLAN device the driver makes on a physical interface. */
  | { kind: 'vlan'; name: string; parent: string; vlanId: number }
  /** A physical interface the host has; the driver only enslaves it. */
  | { kind: 'physical'; name: string };

/**
 * The uplink of a network, or null when it stays on this host: a local network, or a flat one
 * whose physical network has no interface here (the all-in-one `public` network).
 */
export function uplinkOf(spec: NetworkSpec, mappings: Record<string, string>): Uplink | null {
  const physical = spec.physicalNetwork === null ? undefined : mappings[spec.physicalNetwork];
  switch (spec.networkType) {
    case 'vxlan':
      return { kind: 'vxlan', name: vxlanName(spec.segmentationId!), vni: spec.segmentationId! };
    case 'flat':
      return physical ? { kind: 'physical', name: physical } : null;
    case 'vlan': {
      if (!physical)
        throw new InvalidSpec(`Physical network ${spec.physicalNetwork} has no interface on this host`);
      const name = `${physical}.${spec.segmentationId}`;
      if (name.length > maxDeviceNameLength)
        throw new InvalidSpec(`VLAN device name ${name} is longer than ${maxDeviceNameLength} characters`);
      return { kind: 'vlan', name, parent: physical, vlanId: spec.segmentationId! };
    }
    case 'local':
      return null;
  }
}
