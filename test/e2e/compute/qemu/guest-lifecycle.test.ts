import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pino } from 'pino';
import { PowerState } from '../../../../src/compute/virt/power-state.js';
import { QemuDriver } from '../../../../src/compute/virt/qemu/qemu-driver.js';
import type { QemuDriverOptions } from '../../../../src/compute/virt/qemu/qemu-options.js';
import { instanceSpec, spawnOptions, vifSpec } from '../../../contract/virt/fixtures.js';
import { fixedImageSource, qemuSkipReason, serialHelloDisk } from './qemu-host.js';

const greeting = 'stratus guest says hello';

/** The first bytes a VNC server sends: its protocol version. */
function vncBanner(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString('latin1').trim());
    });
    socket.once('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no VNC banner')));
  });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

const processExists = (pid: number) => existsSync(`/proc/${pid}`);
const tapExists = (name: string) => existsSync(`/sys/class/net/${name}`);

describe('QEMU guests on this host', { skip: qemuSkipReason }, () => {
  const root = qemuSkipReason ? '' : mkdtempSync(join(tmpdir(), 'stratus-qemu-e2e-'));
  const options: QemuDriverOptions = {
    instancesDir: join(root, 'instances'),
    imageCacheDir: join(root, 'images'),
    migrationDir: join(root, 'migrations'),
    accel: 'tcg',
    images: fixedImageSource(serialHelloDisk(greeting)),
    logger: pino({ level: 'silent' }),
  };
  const drivers: QemuDriver[] = [];
  const instance = instanceSpec();
  const vif = vifSpec({ devName: `tap${instance.uuid.slice(0, 11)}`, macAddress: 'fa:16:3e:12:34:56' });
  const pidOf = () => Number(readFileSync(join(options.instancesDir, instance.uuid, 'pid'), 'utf8'));

  after(async () => {
    // Whatever a failed test left: the guest's process, its folder (and with them its TAP).
    const driver = drivers.at(-1);
    await driver?.destroy(instance).catch(() => undefined);
    for (const each of drivers) each.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('a spawned guest runs in its own QEMU, logs its serial console and serves VNC', async () => {
    const driver = new QemuDriver(options);
    drivers.push(driver);
    await driver.init('qemu-e2e');
    await driver.spawn(instance, spawnOptions({ networkInfo: [vif] }));
    assert.ok(processExists(pidOf()), 'the QEMU process runs');
    assert.ok(tapExists(vif.devName!), 'QEMU made the TAP for the network agent to plug');
    assert.ok(
      await until(
        () =>
          readFileSync(join(options.instancesDir, instance.uuid, 'console.log'), 'utf8').includes(greeting),
        20_000,
      ),
      'the boot sector printed on the serial console',
    );
    assert.match(await driver.getConsoleOutput(instance), new RegExp(greeting));
    const vnc = await driver.getVncConsole(instance);
    assert.equal(await vncBanner(vnc.host, vnc.port), 'RFB 003.008');
    const host = await driver.hostResources();
    assert.equal(host.hypervisorType, 'QEMU');
    assert.ok(host.hypervisorVersion >= 7_000_000);
  });

  test('a restarted driver finds the running guest; one whose QEMU died is SHUTDOWN and powers on again', async () => {
    drivers.at(-1)!.close();
    const driver = new QemuDriver(options);
    drivers.push(driver);
    await driver.init('qemu-e2e');
    assert.deepEqual(await driver.listInstances(), [instance.uuid]);
    assert.equal((await driver.instanceInfo(instance.uuid)).powerState, PowerState.RUNNING);
    const pid = pidOf();
    process.kill(pid, 'SIGKILL');
    assert.ok(await until(() => !processExists(pid), 5000));
    assert.ok(await until(() => !tapExists(vif.devName!), 5000));
    const stopped = await driver.instanceInfo(instance.uuid);
    assert.equal(stopped.powerState, PowerState.SHUTDOWN);
    await driver.powerOn(instance);
    assert.equal((await driver.instanceInfo(instance.uuid)).powerState, PowerState.RUNNING);
    assert.notEqual(pidOf(), pid);
    assert.ok(tapExists(vif.devName!), 'the restarted guest has its NIC again');
  });

  test('destroy leaves no process, folder or TAP', async () => {
    const driver = drivers.at(-1)!;
    const pid = pidOf();
    await driver.destroy(instance);
    assert.ok(await until(() => !processExists(pid), 5000), 'the QEMU process is gone');
    assert.ok(!existsSync(join(options.instancesDir, instance.uuid)), 'the instance folder is gone');
    assert.ok(!tapExists(vif.devName!), 'the TAP is gone');
    assert.deepEqual(await driver.listInstances(), []);
  });
});
