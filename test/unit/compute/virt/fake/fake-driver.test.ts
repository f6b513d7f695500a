import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { describe, test } from 'node:test';
import { capabilityTraits } from '../../../../../src/compute/virt/capabilities.js';
import {
  DriverNotReady,
  HypervisorError,
  InstanceNotFound,
  VirtErrorCode,
} from '../../../../../src/compute/virt/errors.js';
import { FakeDriver } from '../../../../../src/compute/virt/fake/fake-driver.js';
import { fakeCapabilities } from '../../../../../src/compute/virt/fake/fake-options.js';
import { PowerState } from '../../../../../src/compute/virt/power-state.js';
import {
  flavorSpec,
  instanceSpec,
  spawnOptions,
  vifSpec,
  volumeMapping,
} from '../../../../contract/virt/fixtures.js';

async function fakeHost(name = 'compute-1', options: ConstructorParameters<typeof FakeDriver>[0] = {}) {
  const driver = new FakeDriver(options);
  await driver.init(name);
  return driver;
}

describe('FakeDriver', () => {
  test('refuses work before init names its host', async () => {
    const driver = new FakeDriver();
    await assert.rejects(driver.listInstances(), DriverNotReady);
    await driver.init('compute-1');
    assert.equal(driver.hostName, 'compute-1');
    assert.deepEqual(await driver.listInstances(), []);
  });

  test('reports a small server by default, or the figures it was given', async () => {
    const host = await (await fakeHost()).hostResources();
    assert.equal(host.hypervisorHostname, 'compute-1');
    assert.equal(host.hypervisorType, 'fake');
    assert.equal(host.hypervisorVersion, 1000);
    assert.deepEqual([host.vcpus, host.memoryMb, host.localGb], [8, 16384, 500]);
    assert.deepEqual([host.vcpusUsed, host.memoryMbUsed, host.localGbUsed, host.runningVms], [0, 0, 0, 0]);
    const big = await (await fakeHost('big', { vcpus: 64, memoryMb: 262144, localGb: 4000 })).hostResources();
    assert.deepEqual(
      [big.vcpus, big.memoryMb, big.localGb, big.diskAvailableLeast],
      [64, 262144, 4000, 4000],
    );
  });

  test('counts root, ephemeral and swap as local disk, but not a boot volume', async () => {
    const driver = await fakeHost();
    const flavor = flavorSpec({ rootGb: 10, ephemeralGb: 5, swapMb: 1536 });
    await driver.spawn(instanceSpec({ flavor }), spawnOptions());
    assert.equal((await driver.hostResources()).localGbUsed, 10 + 5 + 2);
    const bootVolume = { ...volumeMapping('/dev/vda'), bootIndex: 0 };
    await driver.spawn(
      instanceSpec({ flavor, image: null }),
      spawnOptions({
        blockDeviceInfo: { rootDeviceName: '/dev/vda', swap: null, ephemerals: [], volumes: [bootVolume] },
      }),
    );
    const host = await driver.hostResources();
    assert.equal(host.localGbUsed, 17 + 5 + 2);
    assert.equal(host.diskAvailableLeast, 500 - 24);
  });

  test('several hosts in one process keep their own guests and ports', async () => {
    const [first, second] = [await fakeHost('compute-1'), await fakeHost('compute-2')];
    const vif = vifSpec();
    await first.spawn(instanceSpec(), spawnOptions({ networkInfo: [vif] }));
    await second.spawn(instanceSpec(), spawnOptions({ networkInfo: [vif] }));
    assert.equal((await first.hostResources()).runningVms, 1);
    assert.equal((await second.hostResources()).runningVms, 1);
  });

  test('the console shows a boot of at least ten lines that grows on reboot', async () => {
    const driver = await fakeHost();
    const instance = instanceSpec({ hostname: 'web-1', configDrive: true });
    await driver.spawn(instance, spawnOptions());
    const boot = (await driver.getConsoleOutput(instance)).split('\n');
    assert.ok(boot.length >= 10);
    assert.ok(boot.some((line) => line.includes('web-1')));
    assert.ok(boot.some((line) => line.includes('ConfigDrive')));
    await driver.reboot(instance, 'SOFT');
    const after = (await driver.getConsoleOutput(instance)).split('\n');
    assert.ok(after.length > boot.length);
    assert.ok(after.includes('reboot: Restarting system'));
  });

  test('a snapshot is a raw disk of the configured size that names its instance', async () => {
    const driver = await fakeHost('compute-1', { snapshotBytes: 4096 });
    const instance = instanceSpec();
    await driver.spawn(instance, spawnOptions());
    let bytes = Buffer.alloc(0);
    await driver.snapshot(instance, async (data, format) => {
      assert.deepEqual(format, { diskFormat: 'raw', containerFormat: 'bare' });
      bytes = await buffer(data);
    });
    assert.equal(bytes.length, 4096);
    assert.match(bytes.toString('latin1', 0, 100), new RegExp(instance.uuid));
  });

  test('a guest that crashes or vanishes on its own is seen by the next look', async () => {
    const driver = await fakeHost();
    const instance = instanceSpec();
    await driver.spawn(instance, spawnOptions());
    driver.simulateGuestPowerChange(instance.uuid, PowerState.CRASHED);
    assert.equal((await driver.instanceInfo(instance.uuid)).powerState, PowerState.CRASHED);
    await driver.powerOn(instance);
    assert.equal((await driver.instanceInfo(instance.uuid)).powerState, PowerState.RUNNING);
    driver.simulateGuestVanished(instance.uuid);
    await assert.rejects(driver.instanceInfo(instance.uuid), InstanceNotFound);
  });

  test('VNC consoles get a display port each, kept across a same-host resize', async () => {
    const driver = await fakeHost('compute-1', { vncHost: '10.0.0.1' });
    const [a, b] = [instanceSpec(), instanceSpec()];
    await driver.spawn(a, spawnOptions());
    await driver.spawn(b, spawnOptions());
    assert.deepEqual(await driver.getVncConsole(a), {
      host: '10.0.0.1',
      port: 5900,
      internalAccessPath: null,
    });
    assert.equal((await driver.getVncConsole(b)).port, 5901);
  });

  test('claims the capabilities of Nova’s fake, overridable per host', () => {
    assert.equal(new FakeDriver().capabilities.supportsMigrateToSameHost, false);
    const sameHost = new FakeDriver({ capabilities: { supportsMigrateToSameHost: true } });
    assert.equal(sameHost.capabilities.supportsMigrateToSameHost, true);
    const traits = capabilityTraits(fakeCapabilities);
    assert.equal(traits.COMPUTE_NET_ATTACH_INTERFACE, true);
    assert.equal(traits.COMPUTE_VOLUME_MULTI_ATTACH, true);
    assert.equal(traits.COMPUTE_VOLUME_EXTEND, true);
    assert.equal(traits.COMPUTE_IMAGE_TYPE_QCOW2, true);
    assert.equal(traits.COMPUTE_IMAGE_TYPE_PLOOP, false);
  });

  test('the uptime line reads like uptime(1)', async () => {
    let now = new Date('2024-05-01T10:00:00Z');
    const driver = await fakeHost('compute-1', { now: () => now });
    assert.equal(await driver.hostUptime(), ' 10:00:00 up  0:00,  0 users,  load average: 0.00, 0.00, 0.00');
    now = new Date('2024-05-04T12:05:00Z');
    assert.equal(
      await driver.hostUptime(),
      ' 12:05:00 up 3 days,  2:05,  0 users,  load average: 0.00, 0.00, 0.00',
    );
  });
});

describe('FakeDriver fault injection', () => {
  test('an operation takes its configured delay', async () => {
    const driver = await fakeHost('compute-1', { delays: { spawn: 40 } });
    const started = performance.now();
    await driver.spawn(instanceSpec(), spawnOptions());
    assert.ok(performance.now() - started >= 35);
    driver.faults.setDelay('spawn', 0);
    const again = performance.now();
    await driver.spawn(instanceSpec(), spawnOptions());
    assert.ok(performance.now() - again < 30);
  });

  test('failNext fails the next call once and leaves no guest behind', async () => {
    const driver = await fakeHost();
    const failure = new HypervisorError('no space left on device');
    driver.faults.failNext('spawn', failure);
    const instance = instanceSpec();
    await assert.rejects(driver.spawn(instance, spawnOptions()), (error) => error === failure);
    assert.deepEqual(await driver.listInstances(), []);
    await driver.spawn(instance, spawnOptions());
    assert.deepEqual(await driver.listInstances(), [instance.uuid]);
  });

  test('a failure armed for one instance spares the others', async () => {
    const driver = await fakeHost();
    const [a, b] = [instanceSpec(), instanceSpec()];
    await driver.spawn(a, spawnOptions());
    await driver.spawn(b, spawnOptions());
    driver.faults.failNext('reboot', undefined, b.uuid);
    await driver.reboot(a, 'HARD');
    await assert.rejects(driver.reboot(b, 'HARD'), (error: HypervisorError) => {
      assert.ok(error instanceof HypervisorError);
      assert.equal(error.code, VirtErrorCode.HYPERVISOR_ERROR);
      assert.equal(error.message, 'Injected failure of reboot');
      return true;
    });
    await driver.reboot(b, 'HARD');
  });

  test('failWhen fails every matching call until it is removed', async () => {
    const driver = await fakeHost();
    const instance = instanceSpec();
    await driver.spawn(instance, spawnOptions());
    const stop = driver.faults.failWhen((operation) =>
      operation === 'pause' || operation === 'suspend' ? new HypervisorError('QEMU monitor gone') : undefined,
    );
    await assert.rejects(driver.pause(instance), /QEMU monitor gone/);
    await assert.rejects(driver.suspend(instance), /QEMU monitor gone/);
    await driver.powerOff(instance);
    stop();
    await driver.powerOn(instance);
    await driver.pause(instance);
    assert.equal((await driver.instanceInfo(instance.uuid)).powerState, PowerState.PAUSED);
  });

  test('reset forgets delays and armed failures', async () => {
    const driver = await fakeHost('compute-1', { delays: { listInstances: 1000 } });
    driver.faults.failNext('listInstances');
    driver.faults.reset();
    assert.deepEqual(await driver.listInstances(), []);
  });
});
