import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InstanceAlreadyExists,
  InstanceNotFound,
  InvalidPowerState,
  OperationNotSupported,
} from '../../../src/compute/virt/errors.js';
import { PowerState } from '../../../src/compute/virt/power-state.js';
import { flavorSpec, instanceSpec, migrationSpec, noDevices, spawnOptions } from './fixtures.js';
import type { ContractHosts, VirtDriverFactory } from './hosts.js';

const { RUNNING, PAUSED, SHUTDOWN } = PowerState;

/** The resize / cold migration and live migration protocols, as part of the virt driver contract. */
export function migrationContract(
  factory: VirtDriverFactory,
  { withHosts, powerState, booted }: ContractHosts,
): void {
  test('resize to another host, confirmed: the guest runs on the destination with the new flavor', () =>
    withHosts(2, async (source, dest) => {
      const instance = await booted(source);
      const bigger = flavorSpec({ id: '2', name: 'm1.small', vcpus: 2, memoryMb: 2048, rootGb: 2 });
      const srcHost = (await source.hostResources()).hypervisorHostname;
      const dstHost = (await dest.hostResources()).hypervisorHostname;
      const migration = migrationSpec(instance, srcHost, dstHost, bigger);
      const disks = await source.migrateDiskAndPowerOff(instance, migration);
      assert.ok(Array.isArray(disks));
      assert.equal(await powerState(source, instance), SHUTDOWN);
      const resized = { ...instance, flavor: bigger };
      await dest.finishMigration(resized, migration, disks, {
        ...noDevices(),
        resizeInstance: true,
        powerOn: true,
      });
      const info = await dest.instanceInfo(instance.uuid);
      assert.equal(info.powerState, RUNNING);
      assert.equal(info.vcpus, 2);
      assert.equal(info.memoryMb, 2048);
      await source.confirmMigration(instance, migration);
      await source.confirmMigration(instance, migration);
      assert.ok(!(await source.listInstances()).includes(instance.uuid));
      assert.ok((await dest.listInstances()).includes(instance.uuid));
    }));

  test('resize to another host, reverted: the guest comes back on the source with the old flavor', () =>
    withHosts(2, async (source, dest) => {
      const instance = await booted(source);
      const bigger = flavorSpec({ id: '2', name: 'm1.small', vcpus: 2, memoryMb: 2048 });
      const migration = migrationSpec(instance, 'a', 'b', bigger);
      const disks = await source.migrateDiskAndPowerOff(instance, migration);
      const resized = { ...instance, flavor: bigger };
      await dest.finishMigration(resized, migration, disks, {
        ...noDevices(),
        resizeInstance: true,
        powerOn: false,
      });
      assert.equal(await powerState(dest, resized), SHUTDOWN);
      await dest.destroy(resized);
      await source.finishRevertMigration(instance, migration, { powerOn: true });
      await source.finishRevertMigration(instance, migration, { powerOn: true });
      const info = await source.instanceInfo(instance.uuid);
      assert.equal(info.powerState, RUNNING);
      assert.equal(info.vcpus, 1);
      assert.ok(!(await dest.listInstances()).includes(instance.uuid));
      await assert.rejects(
        source.finishRevertMigration(instanceSpec(), migration, { powerOn: true }),
        InstanceNotFound,
      );
    }));

  test('finishMigration refuses a uuid the destination already runs', () =>
    withHosts(2, async (source, dest) => {
      const instance = await booted(source);
      await dest.spawn(instance, spawnOptions());
      const migration = migrationSpec(instance, 'a', 'b', instance.flavor);
      const disks = await source.migrateDiskAndPowerOff(instance, migration);
      await assert.rejects(
        dest.finishMigration(instance, migration, disks, {
          ...noDevices(),
          resizeInstance: false,
          powerOn: true,
        }),
        InstanceAlreadyExists,
      );
    }));

  test('resize on the same host, when the driver allows it, confirms and reverts', async (t) => {
    const probe = await factory.create();
    const allowed = probe.capabilities.supportsMigrateToSameHost;
    await factory.dispose?.(probe);
    if (!allowed) return t.skip('the driver does not resize on the same host');
    await withHosts(1, async (host) => {
      const name = (await host.hostResources()).hypervisorHostname;
      const bigger = flavorSpec({ id: '2', name: 'm1.small', vcpus: 2, memoryMb: 2048 });
      for (const outcome of ['confirm', 'revert'] as const) {
        const instance = await booted(host);
        const migration = migrationSpec(instance, name, name, bigger);
        const disks = await host.migrateDiskAndPowerOff(instance, migration);
        const resized = { ...instance, flavor: bigger };
        await host.finishMigration(resized, migration, disks, {
          ...noDevices(),
          resizeInstance: true,
          powerOn: true,
        });
        assert.equal((await host.instanceInfo(instance.uuid)).vcpus, 2);
        if (outcome === 'confirm') {
          await host.confirmMigration(resized, migration);
          assert.equal((await host.instanceInfo(instance.uuid)).vcpus, 2);
        } else {
          await host.destroy(resized, { destroyDisks: false });
          await host.finishRevertMigration(instance, migration, { powerOn: true });
          assert.equal((await host.instanceInfo(instance.uuid)).vcpus, 1);
        }
        assert.equal(await powerState(host, instance), RUNNING);
      }
    });
  });

  /** Whether the driver live-migrates; one that does not must refuse it up front. */
  async function liveMigrates(): Promise<boolean> {
    const probe = await factory.create();
    const supported = probe.capabilities.supportsLiveMigration;
    await factory.dispose?.(probe);
    return supported;
  }

  test('a driver without live migration refuses it before touching the guest', async (t) => {
    if (await liveMigrates()) return t.skip('the driver live-migrates');
    await withHosts(2, async (source, dest) => {
      const instance = await booted(source);
      const data = { sourceHost: 'a', destHost: 'b', blockMigration: true };
      await assert.rejects(dest.preLiveMigration(instance, data, noDevices()), OperationNotSupported);
      await assert.rejects(source.liveMigration(instance, data), OperationNotSupported);
      assert.equal(await powerState(source, instance), RUNNING);
    });
  });

  test('live migration moves a running or paused guest and keeps its power state', async (t) => {
    if (!(await liveMigrates())) return t.skip('the driver does not live-migrate');
    await withHosts(2, async (source, dest) => {
      for (const state of [RUNNING, PAUSED]) {
        const instance = await booted(source);
        if (state === PAUSED) await source.pause(instance);
        const data = { sourceHost: 'a', destHost: 'b', blockMigration: true };
        const prepared = await dest.preLiveMigration(instance, data, noDevices());
        assert.ok(
          (await dest.listInstances()).includes(instance.uuid),
          'the destination shows the incoming guest',
        );
        const migrated = await source.liveMigration(instance, prepared);
        assert.ok(!(await source.listInstances()).includes(instance.uuid));
        await dest.postLiveMigrationAtDestination(instance, migrated);
        assert.equal(await powerState(dest, instance), state);
      }
    });
  });

  test('a failed live migration rolls back on the destination and keeps the guest on the source', async (t) => {
    if (!(await liveMigrates())) return t.skip('the driver does not live-migrate');
    await withHosts(2, async (source, dest) => {
      const instance = await booted(source);
      await source.powerOff(instance);
      const data = { sourceHost: 'a', destHost: 'b', blockMigration: false };
      const prepared = await dest.preLiveMigration(instance, data, noDevices());
      await assert.rejects(source.liveMigration(instance, prepared), InvalidPowerState);
      await dest.rollbackLiveMigrationAtDestination(instance, prepared);
      await dest.rollbackLiveMigrationAtDestination(instance, prepared);
      assert.ok(!(await dest.listInstances()).includes(instance.uuid));
      assert.equal(await powerState(source, instance), SHUTDOWN);
      await assert.rejects(
        dest
          .preLiveMigration(instance, data, noDevices())
          .then(() => dest.preLiveMigration(instance, data, noDevices())),
        InstanceAlreadyExists,
      );
    });
  });
}
