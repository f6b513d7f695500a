import { hostname } from 'node:os';
import type { ComputeConfig } from './config/schema.js';

/**
 * The compute hosts of this machine: the configured (or machine's) name, then `<name>-2`,
 * `<name>-3`... for the hypervisor's extra hosts (`fake_hosts`, or `qemu.hosts`). Compute runs an
 * agent for each; the network service runs the network agent that binds their ports.
 */
export function computeHostNames(config: ComputeConfig): string[] {
  const base = config.host ?? hostname();
  const count = config.virt_driver === 'qemu' ? config.qemu.hosts : config.fake_hosts;
  return Array.from({ length: count }, (_, i) => (i === 0 ? base : `${base}-${i + 1}`));
}
