import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lookupMetadata, TEXT_PLAIN } from '../../../../src/compute/metadata/instance-metadata.js';
import type { InstanceMetadataSource } from '../../../../src/compute/metadata/metadata-source.js';
import { fixedBytes, SAMPLE_KEY, SAMPLE_USER_DATA, sampleSource } from './sample-instance.js';

const context = { randomBytes: fixedBytes, address: '10.9.9.9' };

function textAt(path: string, source: InstanceMetadataSource = sampleSource()): string {
  const answer = lookupMetadata(source, path, context);
  assert.ok(answer && answer.kind === 'document', `${path} holds nothing`);
  assert.equal(answer.contentType, TEXT_PLAIN);
  return answer.body.toString();
}

describe('the EC2 metadata tree', () => {
  test('/ lists the EC2 versions, then latest', () => {
    const versions =
      '1.0\n2007-01-19\n2007-03-01\n2007-08-29\n2007-10-10\n2007-12-15\n2008-02-01\n2008-09-01\n2009-04-04\nlatest';
    assert.equal(textAt('/'), versions);
    assert.equal(textAt('/ec2'), versions);
  });

  test('a version holds meta-data and user-data', () => {
    assert.equal(textAt('/latest'), 'meta-data/\nuser-data');
    assert.equal(textAt('/latest/', sampleSource({ userData: null })), 'meta-data/');
  });

  test('/latest/meta-data/ lists its keys in order, folders with a slash', () => {
    assert.equal(
      textAt('/latest/meta-data/'),
      [
        'ami-id',
        'ami-launch-index',
        'ami-manifest-path',
        'block-device-mapping/',
        'hostname',
        'instance-action',
        'instance-id',
        'instance-type',
        'local-hostname',
        'local-ipv4',
        'placement/',
        'public-hostname',
        'public-ipv4',
        'public-keys/',
        'reservation-id',
        'security-groups',
      ].join('\n'),
    );
  });

  test('the values', () => {
    const expected: Record<string, string> = {
      'ami-id': 'ami-5f8d1d0a',
      'ami-launch-index': '0',
      'ami-manifest-path': 'FIXME',
      hostname: 'web-1.novalocal',
      'instance-action': 'none',
      'instance-id': 'i-0000002a',
      'instance-type': 'm1.small',
      'local-hostname': 'web-1.novalocal',
      'local-ipv4': '10.0.0.5',
      'public-hostname': 'web-1.novalocal',
      'public-ipv4': '172.24.4.10',
      'placement/availability-zone': 'nova',
      'reservation-id': 'r-3fhl5o2z',
      'security-groups': 'default\nweb',
      'block-device-mapping': 'ami\nroot',
      'block-device-mapping/root': '/dev/vda',
      'block-device-mapping/ami': 'vda',
      'public-keys': '0=alice',
      'public-keys/0': 'openssh-key',
      'public-keys/0/openssh-key': SAMPLE_KEY,
    };
    for (const [key, value] of Object.entries(expected)) {
      assert.equal(textAt(`/latest/meta-data/${key}`), value, key);
      assert.equal(textAt(`/ec2/2009-04-04/meta-data/${key}`), value, key);
    }
    assert.equal(textAt('/latest/user-data'), SAMPLE_USER_DATA);
  });

  test('what an instance lacks: no key, no image, no address, no floating IP', () => {
    const bare = sampleSource({
      keyPair: null,
      imageId: null,
      ports: [],
      availabilityZone: null,
      rootDeviceName: null,
    });
    assert.equal(textAt('/latest/meta-data/ami-id', bare), 'None');
    assert.equal(textAt('/latest/meta-data/local-ipv4', bare), '10.9.9.9');
    assert.equal(textAt('/latest/meta-data/public-ipv4', bare), '');
    assert.equal(textAt('/latest/meta-data/placement/availability-zone', bare), 'None');
    assert.equal(textAt('/latest/meta-data/block-device-mapping', bare), 'ami\nephemeral0\nroot\nswap');
    assert.equal(lookupMetadata(bare, '/latest/meta-data/public-keys', context), null);
  });

  test('old versions have fewer keys', () => {
    assert.equal(
      textAt('/1.0/meta-data'),
      'ami-id\nami-launch-index\nami-manifest-path\nhostname\ninstance-id\nlocal-ipv4\npublic-keys/\nreservation-id\nsecurity-groups',
    );
  });

  test('unknown versions and keys, and user-data when there is none, are not found', () => {
    for (const path of [
      '/2010-01-01/meta-data',
      '/latest/meta-data/nothing',
      '/latest/meta-data/hostname/x',
    ]) {
      assert.equal(lookupMetadata(sampleSource(), path, context), null, path);
    }
    assert.equal(lookupMetadata(sampleSource({ userData: null }), '/latest/user-data', context), null);
  });
});
