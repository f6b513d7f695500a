import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { configDriveWriter, writeConfigDrive } from '../../../../src/compute/metadata/config-drive.js';
import { configDriveFiles } from '../../../../src/compute/metadata/instance-metadata.js';
import { metadataSourceFromSpec } from '../../../../src/compute/metadata/metadata-source-from-spec.js';
import type { InstanceSpec, VifSpec } from '../../../../src/compute/virt/types.js';
import { fixedBytes, SAMPLE_KEY, SAMPLE_USER_DATA, sampleSource } from './sample-instance.js';

const hasTool = (name: string): boolean => {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const missingTools = ['genisoimage', 'isoinfo'].filter((name) => !hasTool(name));
const skip = missingTools.length > 0 ? `needs ${missingTools.join(' and ')}` : false;

const spec: InstanceSpec = {
  uuid: '8d3c2a5e-1b7f-4c1e-9a55-0d6f3f1c2b7a',
  name: 'instance-0000002a',
  hostname: 'web-1',
  projectId: 'project-a',
  userId: 'alice',
  flavor: {
    id: '1',
    name: 'm1.tiny',
    vcpus: 1,
    memoryMb: 512,
    rootGb: 1,
    ephemeralGb: 0,
    swapMb: 0,
    extraSpecs: {},
  },
  image: { id: '5f8d1d0a-7b2c-4e51-a0f3-9c1e2d3b4a59', properties: {} },
  metadata: { role: 'web' },
  userData: Buffer.from(SAMPLE_USER_DATA).toString('base64'),
  keyData: SAMPLE_KEY,
  keyName: 'alice',
  configDrive: true,
  availabilityZone: 'nova',
};

const vifs: VifSpec[] = [
  {
    id: 'port-1',
    macAddress: 'fa:16:3e:12:34:56',
    networkId: 'net-private',
    fixedIps: [{ ipAddress: '10.0.0.5', subnetId: 'subnet-v4' }],
    type: 'bridge',
    devName: 'tapport-1',
    mtu: 1450,
    tag: 'frontend',
  },
];

describe('the config drive', () => {
  test('holds the EC2 versions Nova keeps and every OpenStack version', () => {
    const paths = configDriveFiles(sampleSource(), fixedBytes).map((file) => file.path);
    const ec2 = ['2009-04-04', 'latest'].flatMap((version) => [
      `ec2/${version}/user-data`,
      `ec2/${version}/meta-data.json`,
    ]);
    assert.deepEqual(paths.slice(0, 4), ec2);
    const openstack = paths.slice(4);
    assert.deepEqual(
      openstack.filter((path) => path.startsWith('openstack/2012-08-10/')),
      ['openstack/2012-08-10/meta_data.json', 'openstack/2012-08-10/user_data'],
    );
    assert.deepEqual(
      openstack.filter((path) => path.startsWith('openstack/latest/')).sort(),
      ['meta_data.json', 'network_data.json', 'user_data', 'vendor_data.json', 'vendor_data2.json']
        .map((file) => `openstack/latest/${file}`)
        .sort(),
    );
    assert.equal(
      paths.some((path) => path.endsWith('/password')),
      false,
    );
  });

  test('the EC2 meta-data is JSON, its key without the listing name', () => {
    const file = configDriveFiles(sampleSource(), fixedBytes).find(
      (f) => f.path === 'ec2/latest/meta-data.json',
    )!;
    const metaData = JSON.parse(file.data.toString());
    assert.deepEqual(metaData['public-keys'], { '0': { 'openssh-key': SAMPLE_KEY } });
    assert.equal(metaData['instance-id'], 'i-0000002a');
    assert.deepEqual(metaData.placement, { 'availability-zone': 'nova' });
    assert.equal(metaData['local-ipv4'], '10.0.0.5');
  });

  test('from what the virt driver is given', () => {
    const source = metadataSourceFromSpec(spec, vifs);
    assert.equal(source.ec2InstanceId, 'i-0000002a');
    assert.equal(source.displayName, 'web-1');
    assert.deepEqual(source.keyPair, { name: 'alice', type: 'ssh', publicKey: SAMPLE_KEY });
    assert.deepEqual(source.devices, [{ type: 'nic', mac: 'fa:16:3e:12:34:56', tags: ['frontend'] }]);
    const files = configDriveFiles(source, fixedBytes);
    const network = JSON.parse(
      files.find((f) => f.path === 'openstack/latest/network_data.json')!.data.toString(),
    );
    assert.deepEqual(network.networks, [
      { id: 'network0', type: 'ipv4_dhcp', link: 'tapport-1', network_id: 'net-private' },
    ]);
  });

  describe('as an ISO image', { skip }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-config-drive-test-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('is labelled config-2 and its files read back', async () => {
      const iso = join(dir, 'disk.config');
      await configDriveWriter(iso, spec, vifs);
      const info = execFileSync('isoinfo', ['-d', '-i', iso], { encoding: 'utf8' });
      assert.match(info, /^Volume id: config-2$/m);
      const read = (path: string) =>
        execFileSync('isoinfo', ['-i', iso, '-J', '-x', path], { encoding: 'utf8' });
      const metadata = JSON.parse(read('/openstack/latest/meta_data.json'));
      assert.equal(metadata.uuid, spec.uuid);
      assert.equal(metadata.hostname, 'web-1.novalocal');
      assert.deepEqual(metadata.public_keys, { alice: SAMPLE_KEY });
      assert.equal(Buffer.from(metadata.random_seed, 'base64').length, 512);
      assert.equal(read('/openstack/latest/user_data'), SAMPLE_USER_DATA);
      assert.equal(JSON.parse(read('/ec2/latest/meta-data.json'))['instance-type'], 'm1.tiny');
      // Rock Ridge keeps the names exactly as well (what Linux mounts).
      const listing = execFileSync('isoinfo', ['-i', iso, '-R', '-f'], { encoding: 'utf8' });
      assert.match(listing, /^\/openstack\/2016-10-06\/vendor_data2\.json$/m);
    });

    test('writing fails loudly when the volume cannot be written', async () => {
      await assert.rejects(
        writeConfigDrive(join(dir, 'missing', 'disk.config'), sampleSource()),
        /genisoimage/,
      );
    });
  });
});
