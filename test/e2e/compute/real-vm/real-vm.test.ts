import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { OpenRc } from '../../../conformance/openrc.js';
import { RealCloud, realCloudSkipReason } from './real-cloud.js';

const run = promisify(execFile);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CLI JSON, read field by field
type Json = Record<string, any>;

const LOGIN_READY = 'stratus-init: login ready';
const BOOT_TIMEOUT_MS = 180_000;

/** `openstack <args> -f json` as the user of `env`. */
async function cli(env: OpenRc, args: string[]): Promise<Json> {
  const { stdout } = await run('openstack', [...args, '-f', 'json'], { env, timeout: 300_000 });
  return JSON.parse(stdout) as Json;
}

/** `openstack <args>` for commands that print nothing worth reading. */
async function act(env: OpenRc, args: string[]): Promise<void> {
  await run('openstack', args, { env, timeout: 300_000 });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = BOOT_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1000);
  }
}

/** The QEMU process running a guest, by the uuid on its command line. */
function qemuProcesses(uuid: string): string[] {
  const found = spawnSync('pgrep', ['-af', `qemu-system-x86_64 .*-uuid ${uuid}`], { encoding: 'utf8' });
  return found.stdout.split('\n').filter((line) => line.includes(uuid));
}

describe('real guests through the whole cloud, with the openstack CLI', { skip: realCloudSkipReason }, () => {
  let cloud: RealCloud;
  const dir = () => cloud.dataDir;
  const created: string[] = [];

  before(async () => {
    cloud = await RealCloud.start();
    // The API answers while `stratus up` still builds and registers the default image.
    await until('the default image', async () =>
      (await cli(cloud.demo, ['image', 'show', 'stratus-guest'])).status === 'active' ? true : undefined,
    );
  });
  after(async () => {
    if (!cloud) return;
    for (const name of created) await act(cloud.demo, ['server', 'delete', '--wait', name]).catch(() => {});
    await cloud.stop();
  });

  async function status(name: string): Promise<string> {
    return (await cli(cloud.demo, ['server', 'show', name])).status as string;
  }
  async function reaches(name: string, wanted: string): Promise<void> {
    await until(`${name} ${wanted}`, async () => ((await status(name)) === wanted ? true : undefined));
  }
  async function consoleShows(name: string, text: string): Promise<void> {
    await until(`${text} on ${name}'s console`, async () => {
      const { stdout } = await run('openstack', ['console', 'log', 'show', name], { env: cloud.demo });
      return stdout.includes(text) ? true : undefined;
    });
  }
  async function ssh(address: string, command: string): Promise<string> {
    return until(`ssh to ${address}`, async () => {
      const { stdout } = await run(
        'ssh',
        [
          '-i',
          join(dir(), 'k.pem'),
          '-o',
          'StrictHostKeyChecking=no',
          '-o',
          'UserKnownHostsFile=/dev/null',
          '-o',
          'ConnectTimeout=10',
          '-o',
          'LogLevel=ERROR',
          `cirros@${address}`,
          command,
        ],
        { timeout: 60_000 },
      );
      return stdout;
    });
  }

  test('boot, log in by SSH through a floating IP, user data, power operations, snapshot, resize, delete', async () => {
    const { demo } = cloud;
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir(), 'k.pem')]);
    await act(demo, ['keypair', 'create', '--public-key', join(dir(), 'k.pem.pub'), 'k']);
    await act(demo, ['security', 'group', 'rule', 'create', '--proto', 'tcp', '--dst-port', '22', 'default']);
    writeFileSync(join(dir(), 'user-data'), '#!/bin/sh\necho user-data-ran > /tmp/user-data-ran\n');

    created.push('vm1');
    const server = await cli(demo, [
      'server', 'create', '--image', 'stratus-guest', '--flavor', 'm1.tiny', '--network', 'private',
      '--key-name', 'k', '--user-data', join(dir(), 'user-data'), '--wait', 'vm1',
    ]); // prettier-ignore
    assert.equal(server.status, 'ACTIVE');
    const uuid = server.id as string;
    assert.equal(qemuProcesses(uuid).length, 1, 'one QEMU process runs the guest');
    await consoleShows('vm1', LOGIN_READY);

    const fip = (await cli(demo, ['floating', 'ip', 'create', 'public'])).floating_ip_address as string;
    await act(demo, ['server', 'add', 'floating', 'ip', 'vm1', fip]);
    const seen = await ssh(fip, 'hostname; cat /tmp/user-data-ran');
    assert.deepEqual(seen.trim().split('\n'), ['vm1.novalocal', 'user-data-ran']);

    await act(demo, ['server', 'reboot', '--wait', 'vm1']);
    assert.equal(await status('vm1'), 'ACTIVE');
    await act(demo, ['server', 'stop', 'vm1']);
    await reaches('vm1', 'SHUTOFF');
    assert.equal(qemuProcesses(uuid).length, 0, 'a stopped guest has no process');
    await act(demo, ['server', 'start', 'vm1']);
    await reaches('vm1', 'ACTIVE');
    assert.equal(qemuProcesses(uuid).length, 1);
    await act(demo, ['server', 'pause', 'vm1']);
    await reaches('vm1', 'PAUSED');
    await act(demo, ['server', 'unpause', 'vm1']);
    await reaches('vm1', 'ACTIVE');
    await act(demo, ['server', 'suspend', 'vm1']);
    await reaches('vm1', 'SUSPENDED');
    assert.equal(qemuProcesses(uuid).length, 0, 'a suspended guest is saved to disk');
    await act(demo, ['server', 'resume', 'vm1']);
    await reaches('vm1', 'ACTIVE');
    assert.match(await ssh(fip, 'echo back'), /back/);

    await act(demo, ['server', 'image', 'create', '--name', 'vm1-snapshot', '--wait', 'vm1']);
    created.push('vm2');
    const fromSnapshot = await cli(demo, [
      'server', 'create', '--image', 'vm1-snapshot', '--flavor', 'm1.tiny', '--network', 'private',
      '--key-name', 'k', '--wait', 'vm2',
    ]); // prettier-ignore
    assert.equal(fromSnapshot.status, 'ACTIVE');
    await consoleShows('vm2', 'vm2.novalocal login');

    await act(demo, ['server', 'resize', '--flavor', 'm1.small', '--wait', 'vm1']);
    assert.equal(await status('vm1'), 'VERIFY_RESIZE');
    await act(demo, ['server', 'resize', 'confirm', 'vm1']);
    await reaches('vm1', 'ACTIVE');
    assert.match(qemuProcesses(uuid)[0] ?? '', / -m 2048 /, 'the guest runs with the new flavor');

    const ports = (await cli(demo, ['port', 'list', '--server', 'vm1'])) as unknown as Json[];
    await act(demo, ['server', 'delete', '--wait', 'vm1', 'vm2']);
    created.length = 0;
    assert.equal(qemuProcesses(uuid).length, 0, 'no process left');
    const hostsDir = join(dir(), 'compute', 'qemu', 'hosts');
    for (const host of readdirSync(hostsDir)) assert.deepEqual(readdirSync(join(hostsDir, host)), []);
    for (const port of ports) {
      const tap = `tap${String(port.ID ?? port.id)}`.slice(0, 14);
      assert.ok(!existsSync(`/sys/class/net/${tap}`), `${tap} is gone`);
    }
    const providers = (await cli(cloud.admin, ['resource', 'provider', 'list'])) as unknown as Json[];
    for (const provider of providers) {
      const usages = (await cli(cloud.admin, [
        'resource',
        'provider',
        'usage',
        'show',
        provider.uuid,
      ])) as unknown as Json[];
      for (const usage of usages) assert.equal(usage.usage, 0, `${usage.resource_class} is given back`);
    }
  });
});
