import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { FakeDriver } from '../../../src/compute/virt/fake/fake-driver.js';
import type { VirtDriver } from '../../../src/compute/virt/driver.js';
import { virtDriverContract } from './contract.js';

virtDriverContract('FakeDriver', { create: async () => new FakeDriver() });

// As Nova's SameHostColdMigrateDriver: the same fake, allowed to resize on its own host.
virtDriverContract('FakeDriver with same-host resize', {
  create: async () => new FakeDriver({ capabilities: { supportsMigrateToSameHost: true } }),
});

// The fake with its guests in a file, as `stratus up` runs it (and resizing on its own host, for
// the resize backups): whatever a scenario leaves, a new driver on the same file (the agent
// restarted) finds as it was.
const stateDir = mkdtempSync(join(tmpdir(), 'stratus-virt-contract-'));
after(() => rmSync(stateDir, { recursive: true, force: true }));
const statePaths = new WeakMap<VirtDriver, string>();
virtDriverContract('FakeDriver keeping its guests in a file', {
  create: async () => {
    const statePath = join(stateDir, `${randomUUID()}.json`);
    const driver = new FakeDriver({ statePath, capabilities: { supportsMigrateToSameHost: true } });
    statePaths.set(driver, statePath);
    return driver;
  },
  dispose: async (driver) => {
    const fake = driver as FakeDriver;
    if (fake.hostName === null) return;
    await fake.flush();
    const restarted = new FakeDriver({ statePath: statePaths.get(driver)! });
    await restarted.init(fake.hostName!);
    const guests = await fake.listInstances();
    assert.deepEqual(await restarted.listInstances(), guests);
    for (const uuid of guests)
      assert.deepEqual(await restarted.instanceInfo(uuid), await fake.instanceInfo(uuid));
  },
});
