import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  act,
  cli,
  consoleLog,
  qemuProcesses,
  ssh as sshWithKey,
  sshOnce,
  until,
  type Json,
} from './guest-cli.js';
import { DD_MODES, guestDdCommand, guestDdMiBps, hostDdMiBps } from './disk-throughput.js';
import { RealCloud, realCloudSkipReason } from './real-cloud.js';

const GiB = 1024 ** 3;
/** `volume set --size` on an attached volume needs Cinder 3.42. */
const EXTEND_ATTACHED = { OS_VOLUME_API_VERSION: '3.42' };
/** `server volume list` shows each mapping's delete_on_termination from Nova 2.79. */
const DELETE_FLAG_VERSION = ['--os-compute-api-version', '2.79'];

describe('volumes on real guests, with the openstack CLI', { skip: realCloudSkipReason }, () => {
  let cloud: RealCloud;
  const dir = () => cloud.dataDir;
  const key = () => join(dir(), 'k.pem');
  /** Servers to delete if a test stops half-way, and their ids, whose QEMU must not outlive the test. */
  const created: string[] = [];
  const uuids: string[] = [];

  before(async () => {
    cloud = await RealCloud.start();
    await until('the default image', async () =>
      (await cli(cloud.demo, ['image', 'show', 'stratus-guest'])).status === 'active' ? true : undefined,
    );
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key()]);
    await act(cloud.demo, ['keypair', 'create', '--public-key', `${key()}.pub`, 'k']);
    const ssh22 = ['--proto', 'tcp', '--dst-port', '22', 'default'];
    await act(cloud.demo, ['security', 'group', 'rule', 'create', ...ssh22]);
  });
  after(async () => {
    if (!cloud) return;
    for (const name of created) {
      // A test stopped half-way: its guests' consoles stay with the cloud's log (STRATUS_KEEP_TEST_CLOUD).
      const console = await consoleLog(cloud.demo, name).catch((error: unknown) => String(error));
      writeFileSync(join(dir(), `${name}.console.log`), console);
      await act(cloud.demo, ['server', 'delete', '--wait', name]).catch(() => {});
    }
    // A guest whose delete failed would outlive its cloud: its QEMU goes by its pid.
    for (const line of uuids.flatMap(qemuProcesses)) {
      try {
        process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    await cloud.stop();
  });

  const ssh = (address: string, command: string) => sshWithKey(key(), address, command);
  const volumeStatus = async (volume: string) => (await cli(cloud.demo, ['volume', 'show', volume])).status;
  async function volumeBecomes(volume: string, wanted: string): Promise<void> {
    await until(`volume ${volume} ${wanted}`, async () =>
      (await volumeStatus(volume)) === wanted ? true : undefined,
    );
  }
  /** Boots a server of `source` (`--image ...`, `--volume ...`) and gives it a floating IP; resolves once SSH answers. */
  async function boot(name: string, source: string[], address?: string): Promise<string> {
    const { demo } = cloud;
    created.push(name);
    const server = await cli(demo, [
      'server', 'create', ...source, '--flavor', 'm1.tiny', '--network', 'private', '--key-name', 'k',
      '--wait', name,
    ]); // prettier-ignore
    uuids.push(server.id as string);
    assert.equal(server.status, 'ACTIVE');
    const fip =
      address ?? ((await cli(demo, ['floating', 'ip', 'create', 'public'])).floating_ip_address as string);
    await act(demo, ['server', 'add', 'floating', 'ip', name, fip]);
    await ssh(fip, 'true');
    return fip;
  }
  /** The size of the guest's disk `device` in bytes, as its kernel sees it, or undefined while it has none. */
  async function guestDiskBytes(address: string, device: string): Promise<number | undefined> {
    const sectors = await sshOnce(key(), address, `cat /sys/block/${device}/size 2>/dev/null || true`);
    return sectors.trim() ? Number(sectors) * 512 : undefined;
  }
  async function deleteServer(name: string): Promise<void> {
    await act(cloud.demo, ['server', 'delete', '--wait', name]);
    created.splice(created.indexOf(name), 1);
  }

  test('a volume carries a file system from one guest to another, and grows while attached', async (t) => {
    const { demo } = cloud;
    let started = Date.now();
    const [one, two] = await Promise.all([
      boot('vm1', ['--image', 'stratus-guest']),
      boot('vm2', ['--image', 'stratus-guest']),
    ]);
    t.diagnostic(`two servers of the image, side by side, to SSH: ${Date.now() - started} ms`);
    const volume = (await cli(demo, ['volume', 'create', '--size', '1', 'data'])).id as string;
    await volumeBecomes(volume, 'available');

    started = Date.now();
    await act(demo, ['server', 'add', 'volume', 'vm1', 'data']);
    await volumeBecomes(volume, 'in-use');
    assert.equal(await until('vdb in vm1', () => guestDiskBytes(one, 'vdb')), GiB);
    t.diagnostic(`server add volume to the disk in the guest: ${Date.now() - started} ms`);
    const content = `written by vm1 ${randomBytes(8).toString('hex')}`;
    // busybox's mke2fs makes ext2, which the guest's ext4 driver mounts.
    await ssh(
      one,
      `sudo mke2fs -q /dev/vdb && sudo mkdir -p /mnt/data && sudo mount -t ext4 /dev/vdb /mnt/data && ` +
        `echo '${content}' | sudo tee /mnt/data/hello.txt >/dev/null && sync && sudo umount /mnt/data`,
    );

    started = Date.now();
    await act(demo, ['server', 'remove', 'volume', 'vm1', 'data']);
    await volumeBecomes(volume, 'available');
    t.diagnostic(`server remove volume to the volume available: ${Date.now() - started} ms`);
    assert.equal(await guestDiskBytes(one, 'vdb'), undefined, 'the disk left vm1');

    await act(demo, ['server', 'add', 'volume', 'vm2', 'data']);
    await volumeBecomes(volume, 'in-use');
    assert.equal(await until('vdb in vm2', () => guestDiskBytes(two, 'vdb')), GiB);
    const read = await ssh(
      two,
      'sudo mkdir -p /mnt/data && sudo mount -t ext4 -o ro /dev/vdb /mnt/data && ' +
        'cat /mnt/data/hello.txt; sudo umount /mnt/data',
    );
    assert.equal(read.trim(), content);

    started = Date.now();
    await act({ ...demo, ...EXTEND_ATTACHED }, ['volume', 'set', '--size', '2', 'data']);
    await until('vm2 seeing 2 GiB', async () =>
      (await guestDiskBytes(two, 'vdb')) === 2 * GiB ? true : undefined,
    );
    t.diagnostic(`volume set --size 2 to the guest seeing 2 GiB: ${Date.now() - started} ms`);
    const shown = await cli(demo, ['volume', 'show', 'data']);
    assert.deepEqual([shown.size, shown.status], [2, 'in-use']);

    // For the bench note, no assertion: the same writes in the guest (to the volume, through TCG
    // and virtio-blk) and on the host (to a file beside the volume's).
    const backendDir = join(dir(), 'volumes', readdirSync(join(dir(), 'volumes'))[0]);
    for (const mode of DD_MODES) {
      const guest = guestDdMiBps(await sshOnce(join(dir(), 'k.pem'), two, guestDdCommand('/dev/vdb', mode)));
      const host = hostDdMiBps(join(backendDir, 'throughput-probe'), mode);
      rmSync(join(backendDir, 'throughput-probe'), { force: true });
      t.diagnostic(
        `dd 256 MiB ${mode}: guest ${guest.toFixed(1)} MiB/s, host ${host.toFixed(1)} MiB/s, ` +
          `guest/host ${(guest / host).toFixed(3)}`,
      );
    }

    await act(demo, ['server', 'remove', 'volume', 'vm2', 'data']);
    await volumeBecomes(volume, 'available');
    await act(demo, ['volume', 'delete', 'data']);
    await Promise.all(['vm1', 'vm2'].map(deleteServer));
  });

  test('a boot volume outlives its server and boots the next one, with what the first wrote on it', async (t) => {
    const { demo } = cloud;
    // `--boot-from-volume` leaves delete_on_termination out of the mapping: Nova's default, false.
    let started = Date.now();
    const fip = await boot('bfv1', ['--image', 'stratus-guest', '--boot-from-volume', '1']);
    t.diagnostic(`server create --boot-from-volume to SSH: ${Date.now() - started} ms`);
    const mappings = await cli(demo, [...DELETE_FLAG_VERSION, 'server', 'volume', 'list', 'bfv1']);
    const [mapping] = mappings as unknown as Json[];
    const volume = mapping['Volume ID'] as string;
    assert.equal(mapping['Delete On Termination?'], false);
    assert.equal(mapping.Device, '/dev/vda');

    // The image's root file system lives in memory; its disk is the FAT boot partition syslinux
    // loads the kernel from, which the guest can mount and write like any file system.
    const marker = `kept by the volume ${randomBytes(8).toString('hex')}`;
    await ssh(
      fip,
      `sudo mkdir -p /mnt/boot && sudo mount -t vfat /dev/vda1 /mnt/boot && ` +
        `echo '${marker}' | sudo tee /mnt/boot/marker.txt >/dev/null && sync && sudo umount /mnt/boot`,
    );
    await deleteServer('bfv1');
    const kept = await cli(demo, ['volume', 'show', volume]);
    assert.equal(kept.status, 'available');
    assert.deepEqual(kept.attachments, []);
    assert.equal(String(kept.bootable), 'true');

    started = Date.now();
    await boot('bfv2', ['--volume', volume], fip);
    t.diagnostic(`server create --volume to SSH: ${Date.now() - started} ms`);
    const seen = await ssh(
      fip,
      'sudo mkdir -p /mnt/boot && sudo mount -t vfat -o ro /dev/vda1 /mnt/boot && ' +
        'cat /mnt/boot/marker.txt; sudo umount /mnt/boot',
    );
    assert.equal(seen.trim(), marker);
    assert.equal((await ssh(fip, 'hostname')).trim(), 'bfv2');

    await deleteServer('bfv2');
    await volumeBecomes(volume, 'available');
    await act(demo, ['volume', 'delete', volume]);
  });
});
