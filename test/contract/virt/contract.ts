import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { describe, test } from 'node:test';
import {
  DeviceInUse,
  InstanceAlreadyExists,
  InstanceNotFound,
  InstanceNotInRescueMode,
  InstanceNotRescuable,
  InterfaceAttachFailed,
  InvalidPowerState,
  VirtErrorCode,
} from '../../../src/compute/virt/errors.js';
import { PowerState } from '../../../src/compute/virt/power-state.js';
import { contractHosts, type VirtDriverFactory } from './hosts.js';
import { migrationContract } from './migration-contract.js';
import { flavorSpec, instanceSpec, spawnOptions, vifSpec, volumeMapping } from './fixtures.js';

export type { VirtDriverFactory };

const { RUNNING, PAUSED, SHUTDOWN, SUSPENDED } = PowerState;

/**
 * The behaviour every virt driver owes the compute agent (STYLE.md: one contract suite per
 * interface; Nova's test_virt_drivers.py). Each driver's test file calls it with a factory; the
 * suite initialises each driver with a host name of its own, so hosts never share guests.
 */
export function virtDriverContract(name: string, factory: VirtDriverFactory): void {
  const hosts = contractHosts(factory);
  const { withHosts, powerState, booted } = hosts;

  describe(`virt driver contract: ${name}`, () => {
    test('reports host resources in the shape placement and os-hypervisors need', () =>
      withHosts(1, async (driver) => {
        const host = await driver.hostResources();
        for (const field of ['vcpus', 'memoryMb', 'localGb', 'hypervisorVersion'] as const) {
          assert.ok(Number.isInteger(host[field]) && host[field] > 0, `${field} is a positive integer`);
        }
        for (const field of ['vcpusUsed', 'memoryMbUsed', 'localGbUsed', 'runningVms'] as const) {
          assert.ok(Number.isInteger(host[field]) && host[field] >= 0, `${field} is a count`);
        }
        assert.equal(typeof host.hypervisorType, 'string');
        assert.ok(host.hypervisorHostname.length > 0);
        assert.equal(typeof host.cpuInfo.arch, 'string');
        assert.ok(host.cpuInfo.topology.sockets >= 1);
        assert.ok(host.supportedInstances.length > 0);
        assert.match(await driver.hostUptime(), / up /);
      }));

    test('spawn makes a RUNNING guest that is listed and counted in the host use', () =>
      withHosts(1, async (driver) => {
        const before = await driver.hostResources();
        const instance = await booted(driver, { flavor: flavorSpec({ vcpus: 2, memoryMb: 1024 }) });
        const info = await driver.instanceInfo(instance.uuid);
        assert.equal(info.powerState, RUNNING);
        assert.equal(info.uuid, instance.uuid);
        assert.equal(info.rescued, false);
        assert.ok((await driver.listInstances()).includes(instance.uuid));
        const after = await driver.hostResources();
        assert.equal(after.vcpusUsed - before.vcpusUsed, 2);
        assert.equal(after.memoryMbUsed - before.memoryMbUsed, 1024);
        assert.equal(after.runningVms - before.runningVms, 1);
      }));

    test('spawn with powerOn false leaves the guest SHUTDOWN', () =>
      withHosts(1, async (driver) => {
        const instance = instanceSpec();
        await driver.spawn(instance, spawnOptions({ powerOn: false }));
        assert.equal(await powerState(driver, instance), SHUTDOWN);
      }));

    test('spawn of a uuid the host already has is InstanceAlreadyExists', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        await assert.rejects(driver.spawn(instance, spawnOptions()), InstanceAlreadyExists);
        assert.equal((await driver.listInstances()).filter((uuid) => uuid === instance.uuid).length, 1);
      }));

    test('an unknown instance is InstanceNotFound', () =>
      withHosts(1, async (driver) => {
        const stranger = instanceSpec();
        await assert.rejects(driver.instanceInfo(stranger.uuid), (error: InstanceNotFound) => {
          assert.ok(error instanceof InstanceNotFound);
          assert.equal(error.code, VirtErrorCode.INSTANCE_NOT_FOUND);
          assert.equal(error.instanceUuid, stranger.uuid);
          return true;
        });
        await assert.rejects(driver.pause(stranger), InstanceNotFound);
        await assert.rejects(driver.powerOn(stranger), InstanceNotFound);
        await assert.rejects(driver.reboot(stranger, 'HARD'), InstanceNotFound);
        await assert.rejects(driver.getConsoleOutput(stranger), InstanceNotFound);
      }));

    test('destroy removes the guest and is idempotent, also for a guest never seen', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        await driver.destroy(instance);
        assert.ok(!(await driver.listInstances()).includes(instance.uuid));
        await assert.rejects(driver.instanceInfo(instance.uuid), InstanceNotFound);
        await driver.destroy(instance);
        await driver.destroy(instanceSpec());
        assert.equal((await driver.hostResources()).runningVms, 0);
      }));

    test('soft and hard reboots leave the guest RUNNING, from any power state', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        await driver.reboot(instance, 'SOFT');
        assert.equal(await powerState(driver, instance), RUNNING);
        await driver.reboot(instance, 'HARD');
        assert.equal(await powerState(driver, instance), RUNNING);
        await driver.pause(instance);
        await driver.reboot(instance, 'HARD');
        assert.equal(await powerState(driver, instance), RUNNING);
        await driver.powerOff(instance);
        await driver.reboot(instance, 'SOFT');
        assert.equal(await powerState(driver, instance), RUNNING);
      }));

    test('power off and on; both are idempotent', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        await driver.powerOff(instance, { timeoutSec: 0 });
        assert.equal(await powerState(driver, instance), SHUTDOWN);
        await driver.powerOff(instance);
        assert.equal(await powerState(driver, instance), SHUTDOWN);
        await driver.powerOn(instance);
        assert.equal(await powerState(driver, instance), RUNNING);
        await driver.powerOn(instance);
        assert.equal(await powerState(driver, instance), RUNNING);
      }));

    test('pause and unpause, only from RUNNING and PAUSED', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        await assert.rejects(driver.unpause(instance), InvalidPowerState);
        await driver.pause(instance);
        assert.equal(await powerState(driver, instance), PAUSED);
        await assert.rejects(driver.pause(instance), InvalidPowerState);
        await assert.rejects(driver.powerOn(instance), InvalidPowerState);
        await driver.unpause(instance);
        assert.equal(await powerState(driver, instance), RUNNING);
        await driver.powerOff(instance);
        await assert.rejects(driver.pause(instance), (error: InvalidPowerState) => {
          assert.ok(error instanceof InvalidPowerState);
          assert.equal(error.code, VirtErrorCode.INVALID_POWER_STATE);
          assert.equal(error.powerState, SHUTDOWN);
          assert.equal(error.operation, 'pause');
          return true;
        });
        assert.equal(await powerState(driver, instance), SHUTDOWN, 'a refused transition changes nothing');
      }));

    test('suspend and resume; a suspended guest can be powered off but not on', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        await assert.rejects(driver.resume(instance), InvalidPowerState);
        await driver.suspend(instance);
        assert.equal(await powerState(driver, instance), SUSPENDED);
        await assert.rejects(driver.suspend(instance), InvalidPowerState);
        await assert.rejects(driver.powerOn(instance), InvalidPowerState);
        await driver.resume(instance);
        assert.equal(await powerState(driver, instance), RUNNING);
        await driver.suspend(instance);
        await driver.powerOff(instance);
        assert.equal(await powerState(driver, instance), SHUTDOWN);
        await assert.rejects(driver.suspend(instance), InvalidPowerState);
      }));

    test('rescue boots a rescue system and unrescue returns to the guest', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        await assert.rejects(driver.unrescue(instance), InstanceNotInRescueMode);
        await driver.powerOff(instance);
        await driver.rescue(instance, { rescueImage: null, rescuePassword: 'secret' });
        let info = await driver.instanceInfo(instance.uuid);
        assert.equal(info.powerState, RUNNING);
        assert.equal(info.rescued, true);
        await assert.rejects(
          driver.rescue(instance, { rescueImage: null, rescuePassword: null }),
          InstanceNotRescuable,
        );
        await driver.unrescue(instance);
        info = await driver.instanceInfo(instance.uuid);
        assert.equal(info.powerState, RUNNING);
        assert.equal(info.rescued, false);
        await driver.pause(instance);
        await assert.rejects(
          driver.rescue(instance, { rescueImage: null, rescuePassword: null }),
          InvalidPowerState,
        );
      }));

    test('snapshot hands image bytes and their format to the upload, in any power state', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        for (const state of [RUNNING, SHUTDOWN]) {
          if (state === SHUTDOWN) await driver.powerOff(instance);
          let uploaded: Buffer | undefined;
          await driver.snapshot(instance, async (data, format) => {
            assert.equal(typeof format.diskFormat, 'string');
            assert.equal(typeof format.containerFormat, 'string');
            uploaded = await buffer(data);
          });
          assert.ok(uploaded && uploaded.length > 0, 'the upload received bytes');
          assert.equal(await powerState(driver, instance), state, 'snapshot keeps the power state');
        }
      }));

    test('a failed upload fails the snapshot with the upload error', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        const failure = new Error('image service gone');
        await assert.rejects(
          driver.snapshot(instance, async (data) => {
            data.resume();
            throw failure;
          }),
          (error) => error === failure,
        );
        await assert.rejects(
          driver.snapshot(instanceSpec(), async () => {}),
          InstanceNotFound,
        );
      }));

    test('console output is text', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        assert.equal(typeof (await driver.getConsoleOutput(instance)), 'string');
        await driver.powerOff(instance);
        assert.equal(typeof (await driver.getConsoleOutput(instance)), 'string');
      }));

    test('diagnostics report the power state, a CPU per vCPU, the memory, and each disk and NIC', () =>
      withHosts(1, async (driver) => {
        const flavor = flavorSpec({ vcpus: 2, memoryMb: 1024 });
        const vif = vifSpec({ macAddress: 'fa:16:3e:00:00:07' });
        const instance = instanceSpec({ flavor });
        await driver.spawn(instance, spawnOptions({ networkInfo: [vif] }));
        await driver.attachVolume(instance, volumeMapping('/dev/vdb'));
        const diagnostics = await driver.getDiagnostics(instance);
        assert.equal(diagnostics.powerState, RUNNING);
        assert.ok(['libvirt', 'xenapi', 'vmwareapi', 'ironic', 'hyperv'].includes(diagnostics.driver));
        assert.equal(diagnostics.configDrive, false);
        assert.ok(diagnostics.uptimeSec === null || diagnostics.uptimeSec >= 0);
        assert.equal(diagnostics.memory.maximumMb, 1024);
        assert.deepEqual(
          diagnostics.cpus.map((cpu) => cpu.id),
          [0, 1],
        );
        assert.deepEqual(
          diagnostics.nics.map((nic) => nic.macAddress),
          ['fa:16:3e:00:00:07'],
        );
        assert.ok(diagnostics.disks.length >= 2, 'the root disk and the volume');
        await driver.powerOff(instance);
        assert.equal((await driver.getDiagnostics(instance)).powerState, SHUTDOWN);
        await assert.rejects(driver.getDiagnostics(instanceSpec()), InstanceNotFound);
      }));

    test('a running or paused guest has a VNC console; a stopped one has none', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        const console = await driver.getVncConsole(instance);
        assert.equal(typeof console.host, 'string');
        assert.ok(Number.isInteger(console.port) && console.port > 0);
        await driver.pause(instance);
        await driver.getVncConsole(instance);
        await driver.powerOff(instance);
        await assert.rejects(driver.getVncConsole(instance), InvalidPowerState);
      }));

    test('volumes attach at a mountpoint once, and detach idempotently', () =>
      withHosts(1, async (driver) => {
        const instance = await booted(driver);
        const connector = await driver.volumeConnector(instance);
        assert.equal(typeof connector.host, 'string');
        assert.equal(typeof connector.initiator, 'string');
        const data = volumeMapping('/dev/vdb');
        await driver.attachVolume(instance, data);
        assert.deepEqual((await driver.instanceInfo(instance.uuid)).volumes, [
          { volumeId: data.connection.volumeId, mountpoint: '/dev/vdb' },
        ]);
        await assert.rejects(driver.attachVolume(instance, volumeMapping('/dev/vdb')), DeviceInUse);
        await assert.rejects(
          driver.attachVolume(instance, volumeMapping('/dev/vdc', data.connection.volumeId)),
          DeviceInUse,
        );
        await driver.powerOff(instance);
        await driver.attachVolume(instance, volumeMapping('/dev/vdc'));
        await driver.detachVolume(instance, data.connection, '/dev/vdb');
        await driver.detachVolume(instance, data.connection, '/dev/vdb');
        assert.deepEqual(
          (await driver.instanceInfo(instance.uuid)).volumes.map((volume) => volume.mountpoint),
          ['/dev/vdc'],
        );
        await driver.powerOn(instance);
        await driver.suspend(instance);
        await assert.rejects(driver.attachVolume(instance, volumeMapping('/dev/vdd')), InvalidPowerState);
      }));

    test('an attached volume grows when extended; one the guest lacks is refused', () =>
      withHosts(1, async (driver) => {
        assert.equal(driver.capabilities.supportsExtendVolume, true);
        const instance = await booted(driver);
        const data = volumeMapping('/dev/vdb');
        await driver.attachVolume(instance, data);
        await driver.extendVolume(instance, data.connection, 2 * 1024 * 1024);
        const other = volumeMapping('/dev/vdc');
        await assert.rejects(driver.extendVolume(instance, other.connection, 2 * 1024 * 1024), {
          code: VirtErrorCode.HYPERVISOR_ERROR,
        });
      }));

    test('interfaces hot-plug once per host and unplug idempotently', () =>
      withHosts(1, async (driver) => {
        assert.equal(driver.capabilities.supportsAttachInterface, true);
        const instance = await booted(driver);
        const other = await booted(driver);
        const vif = vifSpec();
        await driver.attachInterface(instance, vif);
        assert.deepEqual((await driver.instanceInfo(instance.uuid)).interfaces, [
          { portId: vif.id, macAddress: vif.macAddress },
        ]);
        await assert.rejects(driver.attachInterface(instance, vif), InterfaceAttachFailed);
        await assert.rejects(driver.attachInterface(other, vif), InterfaceAttachFailed);
        await driver.detachInterface(instance, vif);
        await driver.detachInterface(instance, vif);
        assert.deepEqual((await driver.instanceInfo(instance.uuid)).interfaces, []);
        await driver.attachInterface(other, vif);
      }));

    migrationContract(factory, hosts);

    test('cacheImage fetches an image once', () =>
      withHosts(1, async (driver) => {
        if (!driver.capabilities.hasImagecache) return;
        const image = instanceSpec().image!;
        assert.equal(await driver.cacheImage(image), true);
        assert.equal(await driver.cacheImage(image), false);
      }));

    test('hosts keep their own guests', () =>
      withHosts(2, async (first, second) => {
        const instance = await booted(first);
        assert.ok(!(await second.listInstances()).includes(instance.uuid));
        await assert.rejects(second.instanceInfo(instance.uuid), InstanceNotFound);
        await second.spawn(instanceSpec(), spawnOptions());
        assert.equal((await first.listInstances()).length, 1);
      }));
  });
}
