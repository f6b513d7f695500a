import { hostname } from 'node:os';
import type { ComputeConfig } from './config/schema.js';

/**
 * The compute hosts of this machine: the configured (or machine's) name, then `<name>-2`,
 * `<name>-3`... for the fake hypervisor's extra hosts. Compute runs an agent for each; the
 * network service runs the network agent that binds their ports.
 */
export function computeHostNames(config: ComputeConfig): string[] {
  const base = config.host ?? hostname();
  return Array.from({ length: config.fake_hosts }, (_, i) => (i === 0 ? base : `${base}-${i + 1}`));
}
