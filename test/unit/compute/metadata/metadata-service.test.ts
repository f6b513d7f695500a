import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ServiceTransport, TransportRequest } from '../../../../src/common/clients/http-transport.js';
import { NetworkClient } from '../../../../src/common/clients/network-client.js';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { createLogger } from '../../../../src/common/logging.js';
import { computeMigrations } from '../../../../src/compute/db/migrations/index.js';
import type { ComputeSchema, InstanceVif } from '../../../../src/compute/db/schema.js';
import { metadataService } from '../../../../src/compute/metadata/metadata-service.js';
import type { FlavorSpec } from '../../../../src/compute/virt/types.js';
import { newInstanceRow } from '../../../helpers/instance-row.js';
import { mountService } from '../../../helpers/mount-service.js';

const SECRET = 'shared-secret';
const PROJECT = 'project-a';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBsample alice@laptop';
const flavor: FlavorSpec = {
  id: '1',
  name: 'm1.tiny',
  vcpus: 1,
  memoryMb: 512,
  rootGb: 1,
  ephemeralGb: 0,
  swapMb: 0,
  extraSpecs: {},
};

const sign = (instanceId: string, secret = SECRET) =>
  createHmac('sha256', secret).update(instanceId).digest('hex');

/** The headers the network service's metadata proxy sends for an instance. */
const proxied = (instanceId: string, project = PROJECT) => ({
  'x-instance-id': instanceId,
  'x-tenant-id': project,
  'x-forwarded-for': '10.0.0.5',
  'x-instance-id-signature': sign(instanceId),
});

/** A network service that knows one port of one instance, its subnet, a floating IP and a security group. */
function stubNeutron(deviceId: string): ServiceTransport {
  const collections: Record<string, unknown[]> = {
    ports: [
      {
        id: 'port-1',
        network_id: 'net-1',
        mac_address: 'fa:16:3e:00:00:01',
        status: 'ACTIVE',
        device_id: deviceId,
        fixed_ips: [{ subnet_id: 'subnet-1', ip_address: '10.0.0.5' }],
        security_groups: ['sg-1'],
        'binding:vif_type': 'bridge',
      },
    ],
    networks: [{ id: 'net-1', name: 'private', mtu: 1450 }],
    floatingips: [{ floating_ip_address: '172.24.4.10', fixed_ip_address: '10.0.0.5', port_id: 'port-1' }],
    'security-groups': [{ id: 'sg-1', name: 'default' }],
    subnets: [
      {
        id: 'subnet-1',
        network_id: 'net-1',
        ip_version: 4,
        cidr: '10.0.0.0/26',
        gateway_ip: '10.0.0.1',
        enable_dhcp: false,
        dns_nameservers: ['8.8.8.8'],
        host_routes: [],
        ipv6_address_mode: null,
      },
    ],
  };
  return {
    async request<Body>(method: string, path: string, options: TransportRequest = {}) {
      const collection = path.replace('/v2.0/', '');
      const query = (options.query ?? {}) as Record<string, unknown>;
      let items = collections[collection] ?? [];
      if (collection === 'ports')
        items = items.filter((port) => (port as { device_id: string }).device_id === query.device_id);
      return { status: 200, headers: {}, body: { [collection.replace('-', '_')]: items } as Body };
    },
    stream() {
      throw new Error('not used');
    },
  };
}

describe('the metadata service', () => {
  let db: Kysely<ComputeSchema>;
  let app: FastifyInstance;
  let offline: FastifyInstance;
  const owner = { projectId: PROJECT, userId: 'alice' };
  const booted = randomUUID();
  const plain = randomUUID();
  const deleted = randomUUID();

  before(async () => {
    db = connectMemory<ComputeSchema>().db;
    await migrate(db as Kysely<unknown>, 'compute', computeMigrations);
    const cachedVif: InstanceVif = {
      portId: 'port-1',
      macAddress: 'fa:16:3e:00:00:01',
      networkId: 'net-1',
      networkLabel: 'private',
      ips: [{ address: '10.0.0.5', version: 4, type: 'fixed', subnetId: 'subnet-1' }],
      tag: null,
      vifType: 'bridge',
      devName: 'tapport-1',
      mtu: 1450,
    };
    await db
      .insertInto('instances')
      .values([
        newInstanceRow(owner, flavor, {
          uuid: booted,
          display_name: 'web 1',
          hostname: 'web-1',
          key_name: 'alice',
          key_data: KEY,
          user_data: Buffer.from('#cloud-config\n').toString('base64'),
          availability_zone: 'nova',
          vm_state: 'active',
          task_state: null,
          image_ref: '5f8d1d0a-7b2c-4e51-a0f3-9c1e2d3b4a59',
          network_info: JSON.stringify([cachedVif]),
        }),
        newInstanceRow(owner, flavor, { uuid: plain, vm_state: 'active', task_state: null }),
        newInstanceRow(owner, flavor, { uuid: deleted, deleted: 1, vm_state: 'deleted' }),
      ])
      .execute();
    await db
      .insertInto('key_pairs')
      .values({
        name: 'alice',
        user_id: 'alice',
        fingerprint: 'f',
        public_key: KEY,
        type: 'ssh',
        created_at: new Date().toISOString(),
        updated_at: null,
      })
      .execute();
    await db
      .insertInto('instance_metadata')
      .values({ instance_uuid: booted, key: 'role', value: 'web' })
      .execute();
    const deps = { db, sharedSecret: SECRET, logger: createLogger('silent'), now: () => new Date() };
    app = (
      await mountService(
        metadataService({ ...deps, network: new NetworkClient(stubNeutron(booted)) }),
        '/metadata',
      )
    ).app;
    offline = (await mountService(metadataService({ ...deps, network: undefined }), '/metadata')).app;
  });

  after(async () => {
    await app?.close();
    await offline?.close();
    await db?.destroy();
  });

  const get = (path: string, headers: Record<string, string> = {}, on = app) =>
    on.inject({ method: 'GET', url: `/metadata${path}`, headers });

  test('anyone may read the EC2 version list at the top', async () => {
    const response = await get('/');
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/plain/);
    assert.equal(response.body.split('\n').at(-1), 'latest');
    assert.equal(response.body.split('\n')[0], '1.0');
  });

  test("a signed request reads its instance's metadata", async () => {
    const response = await get('/openstack/latest/meta_data.json', proxied(booted));
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^application\/json/);
    const metadata = response.json();
    assert.equal(metadata.uuid, booted);
    assert.equal(metadata.name, 'web 1');
    assert.equal(metadata.hostname, 'web-1.novalocal');
    assert.equal(metadata.project_id, PROJECT);
    assert.deepEqual(metadata.meta, { role: 'web' });
    assert.deepEqual(metadata.keys, [{ name: 'alice', type: 'ssh', data: KEY }]);
    assert.equal(Buffer.from(metadata.random_seed, 'base64').length, 512);
    const userData = await get('/openstack/latest/user_data', proxied(booted));
    assert.equal(userData.body, '#cloud-config\n');
  });

  test('the network comes from the network service: static subnet, floating IP, security groups', async () => {
    const network = JSON.parse((await get('/openstack/latest/network_data.json', proxied(booted))).body);
    assert.deepEqual(network.networks, [
      {
        id: 'network0',
        type: 'ipv4',
        link: 'tapport-1',
        ip_address: '10.0.0.5',
        netmask: '255.255.255.192',
        routes: [{ network: '0.0.0.0', netmask: '0.0.0.0', gateway: '10.0.0.1' }],
        network_id: 'net-1',
        services: [{ type: 'dns', address: '8.8.8.8' }],
      },
    ]);
    assert.equal(network.links[0].mtu, 1450);
    assert.equal((await get('/latest/meta-data/public-ipv4', proxied(booted))).body, '172.24.4.10');
    assert.equal((await get('/latest/meta-data/local-ipv4', proxied(booted))).body, '10.0.0.5');
    assert.equal((await get('/latest/meta-data/security-groups', proxied(booted))).body, 'default');
    assert.equal((await get('/latest/meta-data/public-keys/0/openssh-key', proxied(booted))).body, KEY);
  });

  test('without a network service, the cached network info leaves the address to DHCP', async () => {
    const network = JSON.parse(
      (await get('/openstack/latest/network_data.json', proxied(booted), offline)).body,
    );
    assert.deepEqual(network.networks, [
      { id: 'network0', type: 'ipv4_dhcp', link: 'tapport-1', network_id: 'net-1' },
    ]);
  });

  test('requests the proxy did not name and sign are refused', async () => {
    const { 'x-instance-id': _id, ...noId } = proxied(booted);
    const noIdAnswer = await get('/openstack/latest/meta_data.json', noId);
    assert.equal(noIdAnswer.statusCode, 400);
    assert.match(noIdAnswer.body, /X-Instance-ID header is missing from request\./);
    const { 'x-instance-id-signature': _signature, ...unsigned } = proxied(booted);
    assert.equal((await get('/openstack/latest/meta_data.json', unsigned)).statusCode, 400);
    const { 'x-tenant-id': _tenant, ...noTenant } = proxied(booted);
    assert.equal((await get('/openstack/latest/meta_data.json', noTenant)).statusCode, 400);
    const forged = await get('/openstack/latest/meta_data.json', {
      ...proxied(booted),
      'x-instance-id-signature': sign(booted, 'guessed'),
    });
    assert.equal(forged.statusCode, 403);
    assert.match(forged.body, /Invalid proxy request signature\./);
    const signedForAnother = await get('/latest/meta-data/', {
      ...proxied(booted),
      'x-instance-id-signature': sign(plain),
    });
    assert.equal(signedForAnother.statusCode, 403);
  });

  test('an instance of another project, a deleted one or an unknown one is not found', async () => {
    assert.equal(
      (await get('/openstack/latest/meta_data.json', proxied(booted, 'project-b'))).statusCode,
      404,
    );
    assert.equal((await get('/openstack/latest/meta_data.json', proxied(deleted))).statusCode, 404);
    assert.equal((await get('/openstack/latest/meta_data.json', proxied(randomUUID()))).statusCode, 404);
  });

  test('paths that hold nothing are 404, user_data too when there is none', async () => {
    const missing = await get('/openstack/latest/user_data', proxied(plain));
    assert.equal(missing.statusCode, 404);
    assert.match(missing.headers['content-type'] as string, /^text\/plain/);
    assert.equal((await get('/openstack/1999-01-01/meta_data.json', proxied(plain))).statusCode, 404);
    assert.equal((await get('/latest/meta-data/nothing', proxied(plain))).statusCode, 404);
  });

  test('the guest posts its password once; the size is limited', async () => {
    const password = (method: 'GET' | 'POST', payload?: string, headers: Record<string, string> = {}) =>
      app.inject({
        method,
        url: '/metadata/openstack/latest/password',
        headers: { ...proxied(plain), ...headers },
        ...(payload === undefined ? {} : { payload }),
      });
    assert.equal((await password('GET')).body, '');
    const tooLarge = await password('POST', 'x'.repeat(1021), { 'content-type': 'text/plain' });
    assert.equal(tooLarge.statusCode, 400);
    assert.match(tooLarge.body, /Request is too large\./);
    const encrypted = 'c2VjcmV0'.repeat(40);
    const posted = await password('POST', encrypted, { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(posted.statusCode, 200);
    const read = await password('GET');
    assert.equal(read.statusCode, 200);
    assert.equal(read.body, encrypted);
    assert.equal((await password('POST', 'again', { 'content-type': 'text/plain' })).statusCode, 409);
    const row = await db
      .selectFrom('instances')
      .select('system_metadata')
      .where('uuid', '=', plain)
      .executeTakeFirstOrThrow();
    const stored = JSON.parse(row.system_metadata);
    assert.equal(stored.password_0, encrypted.slice(0, 255));
    assert.equal(stored.password_1, encrypted.slice(255));
    assert.equal(stored.password_2, '');
    assert.equal(stored.password_3, '');
  });
});
