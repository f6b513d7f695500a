import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../../../src/gateway/free-port.js';
import { buildGuestImage, GUEST_MARKERS, type GuestImage } from '../../../src/guest-image/index.js';
import { MetadataStub } from './metadata-stub.js';
import { QemuGuest, sshToGuest } from './qemu-guest.js';

const tools = [
  'qemu-system-x86_64',
  'qemu-img',
  'apt-get',
  'dpkg-deb',
  'mkfs.fat',
  'mcopy',
  'syslinux',
  'genisoimage',
  'ssh',
  'ssh-keygen',
  'node',
];
const missing = tools.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
const skip = missing.length > 0 ? `missing ${missing.join(', ')}` : false;

/** A fixed cache when we may write there, so reruns skip the downloads; else one per run. */
function cacheDir(): string {
  const shared = '/var/cache/stratus-test/guest-image';
  try {
    mkdirSync(shared, { recursive: true });
    accessSync(shared, constants.W_OK);
    return shared;
  } catch {
    return join(tmpdir(), 'stratus-test-guest-image-cache');
  }
}

// Under TCG on a busy 2-core machine a boot takes 10-30 s; the metadata-service path waits on
// DHCP first. Generous, since a slow boot is not what these tests are about.
const bootTimeoutMs = 180_000;

describe('guest image', { skip, timeout: 900_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'guest-image-e2e-'));
  const guests: QemuGuest[] = [];
  let stub: MetadataStub | undefined;
  let image: GuestImage;
  const key = join(dir, 'key');

  before(async () => {
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e@host', '-f', key]);
    const started = performance.now();
    image = await buildGuestImage({
      output: join(dir, 'guest.qcow2'),
      cacheDir: cacheDir(),
      scratchDir: dir,
    });
    console.log(`built ${image.sizeBytes} bytes in ${Math.round(performance.now() - started)} ms`);
  });

  after(async () => {
    for (const guest of guests) await guest.stop();
    await stub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the image is a small qcow2 with the properties to register it by', () => {
    const info = JSON.parse(
      spawnSync('qemu-img', ['info', '--output=json', image.path], { encoding: 'utf8' }).stdout,
    ) as { format: string; 'virtual-size': number };
    assert.equal(info.format, 'qcow2');
    assert.equal(info['virtual-size'], image.virtualSizeBytes);
    assert.ok(image.sizeBytes < 40 * 1024 * 1024, `${image.sizeBytes} bytes`);
    assert.equal(image.properties.os_admin_user, 'cirros');
  });

  test('boots with a config drive: host name, SSH key and user data from it', async () => {
    const drive = join(dir, 'config-drive');
    mkdirSync(join(drive, 'openstack/latest'), { recursive: true });
    const metaData = {
      uuid: '3b9a4c1e-8f7d-4a2b-9c6e-1d2f3a4b5c6d',
      name: 'Config Drive Guest',
      hostname: 'cd-guest',
      public_keys: { e2e: readFileSync(`${key}.pub`, 'utf8') },
      meta: { hostname: 'not-this-one' },
    };
    writeFileSync(join(drive, 'openstack/latest/meta_data.json'), JSON.stringify(metaData));
    writeFileSync(
      join(drive, 'openstack/latest/user_data'),
      '#!/bin/sh\necho written-by-user-data >/tmp/user-data.txt\n',
    );
    const iso = join(dir, 'config-drive.iso');
    const made = spawnSync('genisoimage', ['-quiet', '-o', iso, '-V', 'config-2', '-J', '-r', drive], {
      encoding: 'utf8',
    });
    assert.equal(made.status, 0, made.stderr);

    const port = await freePort('127.0.0.1');
    const guest = QemuGuest.boot({
      image: image.path,
      dir,
      userNet: `hostfwd=tcp:127.0.0.1:${port}-:22`,
      cdrom: iso,
    });
    guests.push(guest);
    const bootMs = await guest.waitForConsole(GUEST_MARKERS.loginReady, bootTimeoutMs);
    console.log(`config drive guest: login marker after ${Math.round(bootMs)} ms (TCG)`);
    assert.match(guest.console(), /stratus-init: metadata from config-drive \(\/dev\/sr0\)/);

    const output = sshToGuest(
      key,
      port,
      'cirros',
      'hostname; cat /tmp/user-data.txt; sudo id -u; lsblk -lb --nodeps',
    );
    const [hostname, userData, rootUid] = output.split('\n');
    assert.equal(hostname, 'cd-guest');
    assert.equal(userData, 'written-by-user-data');
    assert.equal(rootUid, '0');
    assert.match(output, /^vda +254:0 +0 +67108864 +0 disk/m);
    await guest.stop();
  });

  test('boots without a config drive: the metadata service at 169.254.169.254 gives it the same', async () => {
    stub = await MetadataStub.start(dir, {
      '/openstack/latest/meta_data.json': JSON.stringify({
        uuid: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
        name: 'md-guest',
        public_keys: { e2e: readFileSync(`${key}.pub`, 'utf8') },
      }),
      '/openstack/latest/user_data': '#!/bin/sh\necho from-metadata-service >/tmp/user-data.txt\n',
    });
    const port = await freePort('127.0.0.1');
    const guest = QemuGuest.boot({
      image: image.path,
      dir,
      userNet: `${stub.userNetOptions()},hostfwd=tcp:127.0.0.1:${port}-:22`,
    });
    guests.push(guest);
    const bootMs = await guest.waitForConsole(GUEST_MARKERS.loginReady, bootTimeoutMs);
    console.log(`metadata service guest: login marker after ${Math.round(bootMs)} ms (TCG)`);
    assert.match(guest.console(), /stratus-init: metadata from metadata-service/);
    assert.deepEqual(stub.requests.slice(0, 2), [
      '/openstack/latest/meta_data.json',
      '/openstack/latest/user_data',
    ]);

    // No hostname key: the guest takes `name`, as cirros does.
    const output = sshToGuest(key, port, 'cirros', 'hostname; cat /tmp/user-data.txt');
    assert.deepEqual(output.split('\n').slice(0, 2), ['md-guest', 'from-metadata-service']);
    await guest.stop();
  });
});
