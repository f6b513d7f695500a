import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { writeConfigDrive } from '../../../src/compute/metadata/config-drive.js';
import { ec2InstanceId, type InstanceMetadataSource } from '../../../src/compute/metadata/metadata-source.js';
import { freePort } from '../../../src/gateway/free-port.js';
import { buildDebianImage, type GuestImage } from '../../../src/guest-image/index.js';
import { QemuGuest, sshToGuest } from './qemu-guest.js';

const tools = [
  'debootstrap',
  'mkfs.ext4',
  'mkfs.fat',
  'mcopy',
  'syslinux',
  'qemu-system-x86_64',
  'qemu-img',
  'genisoimage',
  'ssh',
  'ssh-keygen',
];
const missing = tools.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
const skip =
  process.getuid?.() !== 0
    ? 'debootstrap needs root'
    : missing.length > 0
      ? `missing ${missing.join(', ')}`
      : false;

/** A fixed cache when we may write there, so reruns reuse the debootstrapped tree; else one per run. */
function cacheDir(): string {
  const shared = '/var/cache/stratus-test/debian-image';
  try {
    mkdirSync(shared, { recursive: true });
    accessSync(shared, constants.W_OK);
    return shared;
  } catch {
    return join(tmpdir(), 'stratus-test-debian-image-cache');
  }
}

// systemd and cloud-init's Python under TCG on a busy 2-core machine: a minute or two alone,
// much more beside other guests. Generous, since a slow boot is not what this test is about.
const loginTimeoutMs = 900_000;
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

/** The instance as Nova's config drive describes it, with the one NIC QEMU's user network serves by DHCP. */
function instance(publicKey: string, mac: string): InstanceMetadataSource {
  const userData = [
    '#cloud-config',
    'runcmd:',
    '  - [sh, -c, "echo user-data-ran > /var/lib/stratus-user-data"]',
    '',
  ].join('\n');
  return {
    uuid: '5f0c8a2e-3d41-4b7a-9e62-8c1d0f4a7b93',
    ec2InstanceId: ec2InstanceId(1),
    imageId: 'b4a1e2d3-6c5f-4e87-9a10-2b3c4d5e6f70',
    hostname: 'deb-guest',
    displayName: 'Debian Guest',
    projectId: '0c2d7e4f9a8b4c6d8e1f2a3b4c5d6e7f',
    availabilityZone: 'nova',
    launchIndex: 0,
    reservationId: 'r-debian01',
    flavorName: 'm1.small',
    rootDeviceName: '/dev/vda',
    metadata: {},
    keyPair: { name: 'e2e', type: 'ssh', publicKey },
    userData: Buffer.from(userData).toString('base64'),
    ports: [
      {
        id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
        macAddress: mac,
        networkId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
        mtu: 1500,
        vifType: 'bridge',
        devName: 'tap9d8c7b6a-5f',
        fixedIps: [
          {
            address: '10.0.2.15',
            subnetId: '2b3c4d5e-6f7a-4b9c-8d1e-2f3a4b5c6d7e',
            subnet: {
              cidr: '10.0.2.0/24',
              gatewayIp: '10.0.2.2',
              dnsNameservers: ['10.0.2.3'],
              hostRoutes: [],
              enableDhcp: true,
              ipv6AddressMode: null,
            },
          },
        ],
        floatingIps: [],
      },
    ],
    securityGroups: ['default'],
    devices: [],
    password: null,
  };
}

/** SSH as `user` once the guest lets the key in; the milliseconds it took since `since`. */
async function waitForLogin(key: string, port: number, user: string, since: number): Promise<number> {
  let lastError: unknown;
  while (performance.now() - since < loginTimeoutMs) {
    try {
      sshToGuest(key, port, user, 'true');
      return performance.now() - since;
    } catch (error) {
      lastError = error;
      await sleep(5000);
    }
  }
  throw new Error(`no SSH login as ${user} after ${loginTimeoutMs} ms: ${String(lastError)}`);
}

describe('Debian image', { skip, timeout: 2_400_000 }, () => {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'debian-image-e2e-'));
  const key = join(dir, 'key');
  let guest: QemuGuest | undefined;
  let image: GuestImage;

  before(async () => {
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e@host', '-f', key]);
    const buildStarted = performance.now();
    image = await buildDebianImage({
      output: join(dir, 'debian.qcow2'),
      cacheDir: cacheDir(),
      scratchDir: dir,
    });
    console.log(`built ${image.sizeBytes} bytes in ${minutes(performance.now() - buildStarted)}`);
  });

  after(async () => {
    await guest?.stop();
    rmSync(dir, { recursive: true, force: true });
    console.log(`Debian image test: ${minutes(performance.now() - started)} in all`);
  });

  test('the image is a qcow2 with Debian 12 and cloud-init, and the properties to register it by', () => {
    const info = JSON.parse(
      spawnSync('qemu-img', ['info', '--output=json', image.path], { encoding: 'utf8' }).stdout,
    ) as { format: string; 'virtual-size': number };
    assert.equal(info.format, 'qcow2');
    assert.equal(info['virtual-size'], image.virtualSizeBytes);
    assert.ok(image.sizeBytes < 400 * 1024 * 1024, `${image.sizeBytes} bytes`);
    assert.equal(image.properties.os_distro, 'debian');
    assert.equal(image.properties.os_admin_user, 'debian');
    assert.match(image.packages['cloud-init'] ?? '', /^22\./);
    assert.ok(image.packages['openssh-server'], 'openssh-server installed');
  });

  test('boots with our config drive on a larger disk: cloud-init names it, lets our key in, grows the root', async () => {
    const mac = 'fa:16:3e:12:34:56';
    const drive = join(dir, 'config-drive.iso');
    await writeConfigDrive(drive, instance(readFileSync(`${key}.pub`, 'utf8').trim(), mac));
    // As Nova does for a flavor with a larger disk: an overlay bigger than the image.
    const disk = join(dir, 'instance.qcow2');
    const overlay = spawnSync(
      'qemu-img',
      ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', image.path, disk, '3G'],
      { encoding: 'utf8' },
    );
    assert.equal(overlay.status, 0, overlay.stderr);

    const port = await freePort('127.0.0.1');
    guest = QemuGuest.boot({
      image: disk,
      dir,
      userNet: `hostfwd=tcp:127.0.0.1:${port}-:22`,
      cdrom: drive,
      memoryMb: image.minRamMb,
      mac,
    });
    const loginMs = await waitForLogin(key, port, 'debian', guest.startedAt);
    console.log(`boot to SSH login: ${minutes(loginMs)} (TCG)`);

    const status = sshToGuest(key, port, 'debian', 'cloud-init status --wait --long');
    console.log(`cloud-init done: ${minutes(performance.now() - guest.startedAt)} after boot`);
    assert.match(status, /^status: done$/m);
    assert.match(status, /DataSourceConfigDrive/);

    const facts = sshToGuest(
      key,
      port,
      'debian',
      [
        'hostname',
        'cat /var/lib/cloud/data/instance-id',
        'cat /var/lib/stratus-user-data',
        'sudo -n id -u',
        'findmnt -bno SIZE /',
        'findmnt -no FSTYPE /boot/syslinux',
      ].join('; '),
    ).split('\n');
    const [hostname, instanceId, userData, rootUid, rootBytes, bootType] = facts;
    assert.equal(hostname, 'deb-guest');
    assert.equal(instanceId, '5f0c8a2e-3d41-4b7a-9e62-8c1d0f4a7b93');
    assert.equal(userData, 'user-data-ran');
    assert.equal(rootUid, '0');
    assert.ok(Number(rootBytes) > 2.5 * 1024 ** 3, `root file system of ${rootBytes} bytes on a 3 GiB disk`);
    assert.equal(bootType, 'vfat');

    // The hook a kernel update runs leaves the running kernel where syslinux reads it.
    sshToGuest(
      key,
      port,
      'debian',
      'sudo -n /etc/kernel/postinst.d/zz-stratus-boot-partition && ' +
        'sudo -n cmp /boot/syslinux/vmlinuz /boot/vmlinuz-$(uname -r)',
    );

    // cloud-init's own report on the serial console (Nova's console log): the NIC it configured
    // from network_data.json, and the final message.
    const serial = guest.console();
    assert.match(serial, /ci-info: .*fa:16:3e:12:34:56/);
    assert.match(serial, /Cloud-init v\. \S+ finished at .*Datasource DataSourceConfigDrive/);
    await guest.stop();
  });
});
