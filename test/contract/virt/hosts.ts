import { randomUUID } from 'node:crypto';
import type { VirtDriver } from '../../../src/compute/virt/driver.js';
import type { InstanceSpec } from '../../../src/compute/virt/types.js';
import { instanceSpec, spawnOptions } from './fixtures.js';

/** How the contract gets drivers: a new, uninitialised driver per host name, and its teardown. */
export interface VirtDriverFactory {
  create(): Promise<VirtDriver>;
  dispose?(driver: VirtDriver): Promise<void>;
}

/** The contract's ways to get initialised hosts and guests from a driver factory. */
export function contractHosts(factory: VirtDriverFactory) {
  /** Runs `body` with `count` initialised drivers, one host each, and disposes of them after. */
  async function withHosts(count: number, body: (...drivers: VirtDriver[]) => Promise<void>) {
    const drivers: VirtDriver[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const driver = await factory.create();
        drivers.push(driver);
        await driver.init(`host-${i}-${randomUUID().slice(0, 8)}`);
      }
      await body(...drivers);
    } finally {
      for (const driver of drivers) await factory.dispose?.(driver);
    }
  }

  async function powerState(driver: VirtDriver, instance: InstanceSpec) {
    return (await driver.instanceInfo(instance.uuid)).powerState;
  }

  async function booted(driver: VirtDriver, overrides: Partial<InstanceSpec> = {}) {
    const instance = instanceSpec(overrides);
    await driver.spawn(instance, spawnOptions());
    return instance;
  }

  return { withHosts, powerState, booted };
}

export type ContractHosts = ReturnType<typeof contractHosts>;
