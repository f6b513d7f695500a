import type { InstanceMetadataSource } from '../../../../src/compute/metadata/metadata-source.js';

export const SAMPLE_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBsample alice@laptop';
export const SAMPLE_USER_DATA = '#!/bin/sh\necho hello > /tmp/hello\n';

/** A booted instance on one static IPv4 subnet, with a floating IP, a key, user data and a tagged NIC. */
export function sampleSource(overrides: Partial<InstanceMetadataSource> = {}): InstanceMetadataSource {
  return {
    uuid: '8d3c2a5e-1b7f-4c1e-9a55-0d6f3f1c2b7a',
    ec2InstanceId: 'i-0000002a',
    imageId: '5f8d1d0a-7b2c-4e51-a0f3-9c1e2d3b4a59',
    hostname: 'web-1',
    displayName: 'web 1',
    projectId: 'project-a',
    availabilityZone: 'nova',
    launchIndex: 0,
    reservationId: 'r-3fhl5o2z',
    flavorName: 'm1.small',
    rootDeviceName: '/dev/vda',
    metadata: { role: 'web' },
    keyPair: { name: 'alice', type: 'ssh', publicKey: SAMPLE_KEY },
    userData: Buffer.from(SAMPLE_USER_DATA).toString('base64'),
    ports: [
      {
        id: 'a1b2c3d4-0000-4000-8000-000000000001',
        macAddress: 'fa:16:3e:12:34:56',
        networkId: 'net-private',
        mtu: 1450,
        vifType: 'bridge',
        devName: 'tapa1b2c3d4-00',
        fixedIps: [
          {
            address: '10.0.0.5',
            subnetId: 'subnet-v4',
            subnet: {
              cidr: '10.0.0.0/24',
              gatewayIp: '10.0.0.1',
              dnsNameservers: ['10.0.0.2', '8.8.8.8'],
              hostRoutes: [{ destination: '192.168.7.0/24', nexthop: '10.0.0.254' }],
              enableDhcp: false,
              ipv6AddressMode: null,
            },
          },
        ],
        floatingIps: ['172.24.4.10'],
      },
    ],
    securityGroups: ['default', 'web'],
    devices: [{ type: 'nic', mac: 'fa:16:3e:12:34:56', tags: ['frontend'] }],
    password: null,
    ...overrides,
  };
}

/** Deterministic "random" bytes, so `random_seed` can be checked. */
export const fixedBytes = (size: number): Buffer => Buffer.alloc(size, 7);
