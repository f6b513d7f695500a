import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { FakeDriver } from '../../../../../src/compute/virt/fake/fake-driver.js';
import type { FakeDriverOptions } from '../../../../../src/compute/virt/fake/fake-options.js';
import { PowerState } from '../../../../../src/compute/virt/power-state.js';
import type { InstanceSpec } from '../../../../../src/compute/virt/types.js';
import {
  flavorSpec,
  instanceSpec,
  migrationSpec,
  noDevices,
  spawnOptions,
  vifSpec,
  volumeMapping,
} from '../../../../contract/virt/fixtures.js';

describe('FakeDriver with a state file', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stratus-fake-state-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  let files = 0;
  const newPath = () => join(dir, `host-${++files}.json`);

  // Each test's writes end with it, so none lands in the next test or in a removed folder.
  const drivers: FakeDriver[] = [];
  afterEach(() => Promise.all(drivers.splice(0).map((driver) => driver.flush())));

  async function host(statePath: string, options: FakeDriverOptions = {}) {
    const driver = new FakeDriver({ ...options, statePath });
    drivers.push(driver);
    await driver.init('compute-1');
    return driver;
  }

  /** Everything the hypervisor shows of a guest. */
  async function seen(driver: FakeDriver, instance: InstanceSpec) {
    return {
      info: await driver.instanceInfo(instance.uuid),
      console: await driver.getConsoleOutput(instance),
      diagnostics: await driver.getDiagnostics(instance),
    };
  }

  test('a new driver on the same file has the same guests, in the same states', async () => {
    let now = new Date('2024-05-01T10:00:00Z');
    const path = newPath();
    const first = await host(path, { now: () => now });
    const [running, stopped, paused, rescued] = [
      instanceSpec(),
      instanceSpec(),
      instanceSpec(),
      instanceSpec(),
    ];
    const vif = vifSpec();
    await first.spawn(running, spawnOptions({ networkInfo: [vif] }));
    await first.attachVolume(running, volumeMapping('/dev/vdb'));
    for (const instance of [stopped, paused, rescued]) await first.spawn(instance, spawnOptions());
    await first.powerOff(stopped);
    await first.pause(paused);
    await first.rescue(rescued, { ...noDevices(), rescueImage: null, rescuePassword: null });
    const before = await Promise.all([running, stopped, paused, rescued].map((i) => seen(first, i)));
    const resources = await first.hostResources();
    await first.flush();

    now = new Date('2024-05-03T10:00:00Z');
    const second = await host(path, { now: () => now });
    assert.deepEqual(
      (await second.listInstances()).sort(),
      [running, stopped, paused, rescued].map((i) => i.uuid).sort(),
    );
    const after = await Promise.all([running, stopped, paused, rescued].map((i) => seen(second, i)));
    assert.deepEqual(
      after.map(({ info }) => info.powerState),
      [PowerState.RUNNING, PowerState.SHUTDOWN, PowerState.PAUSED, PowerState.RUNNING],
    );
    assert.equal(after[3].info.rescued, true);
    assert.deepEqual(
      after.map(({ info, console }) => ({ info, console })),
      before.map(({ info, console }) => ({ info, console })),
    );
    // The guest was launched two days before: its uptime counts from its launch, not the reload.
    assert.equal(after[0].diagnostics.uptimeSec, before[0].diagnostics.uptimeSec! + 2 * 86400);
    assert.deepEqual(after[0].diagnostics.nics, before[0].diagnostics.nics);
    assert.deepEqual(after[0].diagnostics.disks, before[0].diagnostics.disks);
    assert.deepEqual(await second.hostResources(), resources);
    assert.match(await second.hostUptime(), / up 2 days, {2}0:00,/);

    // What the guests were doing goes on: the paused one unpauses, the stopped one starts.
    await second.unpause(paused);
    await second.powerOn(stopped);
    assert.equal((await second.instanceInfo(stopped.uuid)).powerState, PowerState.RUNNING);
    await second.flush();
    const third = await host(path);
    assert.equal((await third.instanceInfo(paused.uuid)).powerState, PowerState.RUNNING);
    assert.equal((await third.instanceInfo(stopped.uuid)).powerState, PowerState.RUNNING);
  });

  test('VNC ports, the image cache and a resize under way carry over', async () => {
    const path = newPath();
    const first = await host(path, { capabilities: { supportsMigrateToSameHost: true } });
    const instance = instanceSpec();
    await first.spawn(instance, spawnOptions());
    const bigger = flavorSpec({ name: 'm1.small', vcpus: 2 });
    const migration = migrationSpec(instance, 'compute-1', 'compute-1', bigger);
    const disks = await first.migrateDiskAndPowerOff(instance, migration);
    await first.finishMigration({ ...instance, flavor: bigger }, migration, disks, {
      ...noDevices(),
      resizeInstance: true,
      powerOn: true,
    });
    assert.equal(await first.cacheImage({ id: 'image-1', properties: {} }), true);
    await first.flush();

    const second = await host(path);
    assert.equal((await second.instanceInfo(instance.uuid)).vcpus, 2);
    assert.equal(await second.cacheImage({ id: 'image-1', properties: {} }), false);
    const other = instanceSpec();
    await second.spawn(other, spawnOptions());
    assert.equal((await second.getVncConsole(other)).port, 5901);
    assert.equal((await second.getVncConsole(instance)).port, 5900);
    await second.finishRevertMigration(instance, migration, { ...noDevices(), powerOn: true });
    const reverted = await second.instanceInfo(instance.uuid);
    assert.deepEqual([reverted.vcpus, reverted.powerState], [1, PowerState.RUNNING]);
  });

  test('a burst of 200 spawns leaves one consistent file', async () => {
    const path = newPath();
    const driver = await host(path);
    const instances = Array.from({ length: 200 }, () => instanceSpec());
    await Promise.all(instances.map((instance) => driver.spawn(instance, spawnOptions())));
    await driver.flush();
    const stored = JSON.parse(readFileSync(path, 'utf8')) as {
      guests: { spec: { uuid: string }; vncPort: number }[];
      nextVncPort: number;
    };
    assert.deepEqual(
      stored.guests.map((guest) => guest.spec.uuid).sort(),
      instances.map((instance) => instance.uuid).sort(),
    );
    assert.equal(new Set(stored.guests.map((guest) => guest.vncPort)).size, 200);
    assert.equal(stored.nextVncPort, 5900 + 200);
    assert.equal(existsSync(`${path}.tmp`), false);
    const reloaded = await host(path);
    assert.equal((await reloaded.hostResources()).runningVms, 200);
  });

  test('a deleted guest stays deleted; a missing file is an empty host', async () => {
    const path = newPath();
    const first = await host(path);
    assert.deepEqual(await first.listInstances(), []);
    const [kept, deleted] = [instanceSpec(), instanceSpec()];
    await first.spawn(kept, spawnOptions());
    await first.spawn(deleted, spawnOptions());
    await first.destroy(deleted);
    await first.flush();
    assert.deepEqual(await (await host(path)).listInstances(), [kept.uuid]);
  });

  test('a file that is not the driver’s own is refused, naming it', async () => {
    const path = newPath();
    writeFileSync(path, '{"guests": [');
    await assert.rejects(host(path), (error: Error) => error.message.includes(path));
    writeFileSync(path, '{"version": 99}');
    await assert.rejects(host(path), /not of version 1/);
    const driver = new FakeDriver({ statePath: path });
    await assert.rejects(driver.init('compute-1'));
    assert.equal(driver.hostName, null);
  });
});
