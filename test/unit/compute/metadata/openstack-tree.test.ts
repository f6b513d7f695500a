import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  APPLICATION_JSON,
  lookupMetadata,
  TEXT_PLAIN,
  type MetadataAnswer,
} from '../../../../src/compute/metadata/instance-metadata.js';
import type {
  InstanceMetadataSource,
  MetadataPort,
} from '../../../../src/compute/metadata/metadata-source.js';
import { fixedBytes, SAMPLE_KEY, SAMPLE_USER_DATA, sampleSource } from './sample-instance.js';

const context = { randomBytes: fixedBytes, address: '10.0.0.5' };

function document(source: InstanceMetadataSource, path: string): { contentType: string; body: string } {
  const answer: MetadataAnswer | null = lookupMetadata(source, path, context);
  assert.ok(answer && answer.kind === 'document', `${path} holds no document`);
  return { contentType: answer.contentType, body: answer.body.toString() };
}

const jsonAt = (source: InstanceMetadataSource, path: string) => JSON.parse(document(source, path).body);

describe('the OpenStack metadata tree', () => {
  test('/openstack lists the versions, oldest first, then latest', () => {
    const { contentType, body } = document(sampleSource(), '/openstack');
    assert.equal(contentType, TEXT_PLAIN);
    assert.equal(
      body,
      [
        '2012-08-10',
        '2013-04-04',
        '2013-10-17',
        '2015-10-15',
        '2016-06-30',
        '2016-10-06',
        '2017-02-22',
        '2018-08-27',
        '2020-10-14',
        'latest',
      ].join('\n'),
    );
    assert.equal(document(sampleSource(), '/openstack/').body, body);
  });

  test('a version lists the files it has', () => {
    assert.equal(
      document(sampleSource(), '/openstack/latest').body,
      'meta_data.json\nuser_data\npassword\nvendor_data.json\nnetwork_data.json\nvendor_data2.json',
    );
    assert.equal(document(sampleSource(), '/openstack/2012-08-10/').body, 'meta_data.json\nuser_data');
    assert.equal(
      document(sampleSource({ userData: null }), '/openstack/2013-10-17').body,
      'meta_data.json\npassword\nvendor_data.json',
    );
  });

  test('meta_data.json of latest has every key, in Nova order', () => {
    const { contentType, body } = document(sampleSource(), '/openstack/latest/meta_data.json');
    assert.equal(contentType, APPLICATION_JSON);
    const metadata = JSON.parse(body);
    assert.deepEqual(Object.keys(metadata), [
      'uuid',
      'meta',
      'public_keys',
      'keys',
      'hostname',
      'name',
      'launch_index',
      'availability_zone',
      'random_seed',
      'project_id',
      'devices',
      'dedicated_cpus',
    ]);
    assert.deepEqual(metadata, {
      uuid: '8d3c2a5e-1b7f-4c1e-9a55-0d6f3f1c2b7a',
      meta: { role: 'web' },
      public_keys: { alice: SAMPLE_KEY },
      keys: [{ name: 'alice', type: 'ssh', data: SAMPLE_KEY }],
      hostname: 'web-1.novalocal',
      name: 'web 1',
      launch_index: 0,
      availability_zone: 'nova',
      random_seed: Buffer.alloc(512, 7).toString('base64'),
      project_id: 'project-a',
      devices: [
        {
          vf_trusted: false,
          type: 'nic',
          mac: 'fa:16:3e:12:34:56',
          bus: 'none',
          address: 'none',
          tags: ['frontend'],
        },
      ],
      dedicated_cpus: [],
    });
  });

  test('older versions have fewer keys; no key pair and no metadata leave theirs out', () => {
    const folsom = jsonAt(
      sampleSource({ keyPair: null, metadata: {} }),
      '/openstack/2012-08-10/meta_data.json',
    );
    assert.deepEqual(Object.keys(folsom), ['uuid', 'hostname', 'name', 'launch_index', 'availability_zone']);
    const newton = jsonAt(sampleSource(), '/openstack/2016-06-30/meta_data.json');
    assert.equal(newton.project_id, 'project-a');
    assert.deepEqual(newton.devices[0], {
      type: 'nic',
      mac: 'fa:16:3e:12:34:56',
      bus: 'none',
      address: 'none',
      tags: ['frontend'],
    });
    assert.equal('dedicated_cpus' in newton, false);
  });

  test('a tagged volume is a disk device, by its serial', () => {
    const source = sampleSource({ devices: [{ type: 'disk', serial: 'vol-1', tags: ['db'] }] });
    assert.deepEqual(jsonAt(source, '/openstack/latest/meta_data.json').devices, [
      { type: 'disk', serial: 'vol-1', bus: 'none', address: 'none', tags: ['db'] },
    ]);
  });

  test('user_data is the decoded user data, and 404 when there is none', () => {
    const { contentType, body } = document(sampleSource(), '/openstack/latest/user_data');
    assert.equal(contentType, TEXT_PLAIN);
    assert.equal(body, SAMPLE_USER_DATA);
    assert.equal(
      lookupMetadata(sampleSource({ userData: null }), '/openstack/latest/user_data', context),
      null,
    );
  });

  test('vendor data is what Nova gives without a vendor data file', () => {
    assert.deepEqual(document(sampleSource(), '/openstack/latest/vendor_data.json'), {
      contentType: APPLICATION_JSON,
      body: '{}',
    });
    assert.deepEqual(jsonAt(sampleSource(), '/openstack/latest/vendor_data2.json'), { static: {} });
    assert.equal(lookupMetadata(sampleSource(), '/openstack/2013-04-04/vendor_data.json', context), null);
    assert.equal(lookupMetadata(sampleSource(), '/openstack/2015-10-15/vendor_data2.json', context), null);
  });

  test('the password is read and written apart, from Grizzly on', () => {
    assert.deepEqual(lookupMetadata(sampleSource(), '/openstack/latest/password', context), {
      kind: 'password',
    });
    assert.equal(lookupMetadata(sampleSource(), '/openstack/2012-08-10/password', context), null);
  });

  test('unknown versions and files are not found', () => {
    for (const path of [
      '/openstack/2011-01-01',
      '/openstack/latest/nothing',
      '/openstack/latest/meta_data.json/x',
    ]) {
      assert.equal(lookupMetadata(sampleSource(), path, context), null, path);
    }
  });
});

describe('network_data.json', () => {
  test('a static IPv4 subnet: its address, netmask, routes and DNS servers', () => {
    const { contentType, body } = document(sampleSource(), '/openstack/latest/network_data.json');
    // Nova does not mark it as JSON.
    assert.equal(contentType, TEXT_PLAIN);
    const dns = [
      { type: 'dns', address: '10.0.0.2' },
      { type: 'dns', address: '8.8.8.8' },
    ];
    assert.deepEqual(JSON.parse(body), {
      links: [
        {
          id: 'tapa1b2c3d4-00',
          vif_id: 'a1b2c3d4-0000-4000-8000-000000000001',
          type: 'bridge',
          mtu: 1450,
          ethernet_mac_address: 'fa:16:3e:12:34:56',
        },
      ],
      networks: [
        {
          id: 'network0',
          type: 'ipv4',
          link: 'tapa1b2c3d4-00',
          ip_address: '10.0.0.5',
          netmask: '255.255.255.0',
          routes: [
            { network: '0.0.0.0', netmask: '0.0.0.0', gateway: '10.0.0.1' },
            { network: '192.168.7.0', netmask: '255.255.255.0', gateway: '10.0.0.254' },
          ],
          network_id: 'net-private',
          services: dns,
        },
      ],
      services: dns,
    });
  });

  const port = (overrides: Partial<MetadataPort>): MetadataPort => ({
    ...sampleSource().ports[0],
    ...overrides,
  });

  test('a DHCP subnet, or one not described, is left to DHCP (and so is the MTU)', () => {
    const dhcpSubnet = { ...sampleSource().ports[0].fixedIps[0].subnet!, enableDhcp: true };
    const ports = [
      port({ fixedIps: [{ address: '10.0.0.5', subnetId: 'subnet-v4', subnet: dhcpSubnet }] }),
      port({
        id: 'port-2',
        devName: null,
        vifType: 'ovs',
        networkId: 'net-2',
        fixedIps: [{ address: '10.1.0.9', subnetId: 'subnet-2', subnet: null }],
      }),
      port({ id: 'port-without-addresses', fixedIps: [] }),
    ];
    const data = jsonAt(sampleSource({ ports }), '/openstack/latest/network_data.json');
    assert.deepEqual(
      data.links.map((link: { id: string; mtu: number | null; type: string }) => [
        link.id,
        link.type,
        link.mtu,
      ]),
      [
        ['tapa1b2c3d4-00', 'bridge', null],
        ['interface1', 'ovs', null],
      ],
    );
    assert.deepEqual(data.networks, [
      { id: 'network0', type: 'ipv4_dhcp', link: 'tapa1b2c3d4-00', network_id: 'net-private' },
      { id: 'network1', type: 'ipv4_dhcp', link: 'interface1', network_id: 'net-2' },
    ]);
    assert.deepEqual(data.services, [
      { type: 'dns', address: '10.0.0.2' },
      { type: 'dns', address: '8.8.8.8' },
    ]);
  });

  test('an IPv6 SLAAC subnet beside the IPv4 one; a VIF type Nova does not expose is phy', () => {
    const v6 = {
      address: 'fd00:0:0:1::5',
      subnetId: 'subnet-v6',
      subnet: {
        cidr: 'fd00:0:0:1::/64',
        gatewayIp: 'fd00:0:0:1::1',
        dnsNameservers: [],
        hostRoutes: [{ destination: 'fd00:9::/48', nexthop: 'fd00:0:0:1::fe' }],
        enableDhcp: true,
        ipv6AddressMode: 'slaac',
      },
    };
    const ports = [port({ vifType: 'vdpa', fixedIps: [...sampleSource().ports[0].fixedIps, v6] })];
    const data = jsonAt(sampleSource({ ports }), '/openstack/latest/network_data.json');
    assert.equal(data.links[0].type, 'phy');
    assert.deepEqual(data.networks[1], {
      id: 'network1',
      type: 'ipv6_slaac',
      link: 'tapa1b2c3d4-00',
      ip_address: 'fd00:0:0:1::5',
      netmask: 'ffff:ffff:ffff:ffff::',
      routes: [
        { network: '::', netmask: '::', gateway: 'fd00:0:0:1::1' },
        { network: 'fd00:9::', netmask: 'ffff:ffff:ffff::', gateway: 'fd00:0:0:1::fe' },
      ],
      network_id: 'net-private',
      services: [],
    });
  });

  test('an instance without ports has an empty document', () => {
    assert.equal(document(sampleSource({ ports: [] }), '/openstack/latest/network_data.json').body, '{}');
  });
});
