import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { serversFixture, type ServersFixture } from './fixtures.js';

describe('access addresses and request ids as Nova shows them', () => {
  let f: ServersFixture;
  before(async () => {
    f = await serversFixture();
  });
  after(() => f.close());

  test('an IPv6 access address comes back in its canonical compressed form, on create and update', async () => {
    const created = await f.create({ name: 'v6', accessIPv6: '0000:0000:0000:0000:0000:babe:220.12.22.2' });
    const id = created.json().server.id;
    const shown = await f.compute.request('GET', `/servers/${id}`, { caller: 'member' });
    assert.equal(shown.json().server.accessIPv6, '::babe:dc0c:1602');
    const updated = await f.compute.request('PUT', `/servers/${id}`, {
      caller: 'member',
      body: { server: { accessIPv6: '2001:0DB8:0000:0000:0000:0000:0000:0001' } },
    });
    assert.equal(updated.json().server.accessIPv6, '2001:db8::1');
  });

  test('every compute answer carries its request id as x-compute-request-id too', async () => {
    const response = await f.compute.request('GET', '/servers', { caller: 'member' });
    assert.match(String(response.headers['x-compute-request-id']), /^req-[0-9a-f-]{36}$/);
    assert.equal(response.headers['x-compute-request-id'], response.headers['x-openstack-request-id']);
  });
});
