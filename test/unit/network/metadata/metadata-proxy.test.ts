import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../../../src/common/logging.js';
import { instanceIdSignature } from '../../../../src/common/instance-signature.js';
import { MetadataProxy } from '../../../../src/network/metadata/metadata-proxy.js';
import { networkTestApp, type NetworkTestApp } from '../../../helpers/network-app.js';

/** GET over the proxy's unix socket, as a router's forwarder sends it. */
function viaSocket(socketPath: string, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = request({ socketPath, path, headers }, (answer) => {
      let body = '';
      answer.on('data', (chunk) => (body += chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the metadata proxy', () => {
  let net: NetworkTestApp;
  let upstream: Server;
  let proxy: MetadataProxy;
  let dir: string;
  let routerId: string;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  before(async () => {
    net = await networkTestApp();
    dir = mkdtempSync(join(tmpdir(), 'stratus-metadata-'));
    upstream = createServer((incoming, outgoing) => {
      seen.push({ url: incoming.url ?? '', headers: incoming.headers });
      outgoing.end('{"uuid": "from-upstream"}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/metadata`;
    proxy = new MetadataProxy(net.deps, { url, sharedSecret: 's3cret' }, createLogger('silent'));
    await proxy.listen(join(dir, 'metadata.sock'));

    const { network } = await net.json('POST', '/networks', 201, { body: { network: { name: 'md' } } });
    const { subnet } = await net.json('POST', '/subnets', 201, {
      body: { subnet: { network_id: network.id, ip_version: 4, cidr: '10.5.0.0/24' } },
    });
    const { router } = await net.json('POST', '/routers', 201, { body: { router: { name: 'r' } } });
    routerId = router.id;
    await net.json('PUT', `/routers/${router.id}/add_router_interface`, 200, {
      body: { subnet_id: subnet.id },
    });
    await net.json('POST', '/ports', 201, {
      caller: 'admin',
      body: {
        port: {
          network_id: network.id,
          device_id: 'instance-9',
          device_owner: 'compute:nova',
          fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.5.0.9' }],
        },
      },
    });
  });
  after(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
    await net.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('names and signs the instance behind the address, and passes the answer back', async () => {
    const answer = await viaSocket(join(dir, 'metadata.sock'), '/openstack/latest/meta_data.json', {
      'x-neutron-router-id': routerId,
      'x-forwarded-for': '10.5.0.9',
      'x-instance-id': 'someone-else',
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '{"uuid": "from-upstream"}');
    const last = seen.at(-1)!;
    assert.equal(last.url, '/metadata/openstack/latest/meta_data.json');
    assert.equal(last.headers['x-instance-id'], 'instance-9');
    assert.match(String(last.headers['x-tenant-id']), /^[0-9a-f]{32}$/);
    assert.equal(last.headers['x-instance-id-signature'], instanceIdSignature('s3cret', 'instance-9'));
    assert.equal(last.headers['x-forwarded-for'], '10.5.0.9');
  });

  test('an address no instance behind the router has gets 404 and reaches nothing', async () => {
    const before = seen.length;
    const answer = await viaSocket(join(dir, 'metadata.sock'), '/latest/meta-data/', {
      'x-neutron-router-id': routerId,
      'x-forwarded-for': '10.5.0.77',
    });
    assert.equal(answer.status, 404);
    assert.equal(seen.length, before);
  });
});
