import { FakeNetworkDriver, type FakeNetworkDriverOptions } from './fake/fake-network-driver.js';
import { LinuxNetworkDriver } from './linux/linux-network-driver.js';
import type { LinuxNetworkDriverOptions } from './linux/linux-options.js';
import type { NetworkDriver } from './network-driver.js';

export type * from './network-driver.js';
export * from './errors.js';
export * from './device-names.js';
export {
  FakeNetworkDriver,
  type FakeNetworkDriverOptions,
  type FakeNetworkHost,
} from './fake/fake-network-driver.js';
export { LinuxNetworkDriver } from './linux/linux-network-driver.js';
export type { LinuxNetworkDriverOptions } from './linux/linux-options.js';
export type { CommandRunner, CommandResult, RunOptions } from './linux/command-runner.js';
export type { NatRule } from './router-nat.js';

/** The options of each kind of driver. */
export interface NetworkDriverOptions {
  fake: FakeNetworkDriverOptions;
  linux: LinuxNetworkDriverOptions;
}

/** The network agent's driver of the configured kind: `fake` (in memory) or `linux` (the host, as root). */
export function createNetworkDriver<K extends keyof NetworkDriverOptions>(
  kind: K,
  options: NetworkDriverOptions[K],
): NetworkDriver {
  if (kind === 'linux') return new LinuxNetworkDriver(options as LinuxNetworkDriverOptions);
  return new FakeNetworkDriver(options as FakeNetworkDriverOptions);
}
