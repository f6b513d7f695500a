import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeNetworkApp, type ComputeNetworkApp } from '../../../helpers/compute-network-app.js';

describe('os-networks and os-tenant-networks: read-only proxies of Neutron up to 2.35', () => {
  let cloud: ComputeNetworkApp;
  let networkId: string;
  before(async () => {
    cloud = await computeNetworkApp({ networkAgent: false });
    networkId = await cloud.createNetwork('private', '10.0.0.0/24');
  });
  after(() => cloud.close());

  test('os-networks shows the id and name (label); the nova-network fields are null', async () => {
    const { networks } = await cloud.json('GET', '/os-networks', 200, { caller: 'member' });
    assert.deepEqual(networks, [
      {
        id: networkId,
        label: 'private',
        cidr: null,
        netmask: null,
        gateway: null,
        broadcast: null,
        dns1: null,
        dns2: null,
        cidr_v6: null,
        gateway_v6: null,
        netmask_v6: null,
      },
    ]);
    const { network } = await cloud.json('GET', `/os-networks/${networkId}`, 200, { caller: 'member' });
    assert.equal(network.label, 'private');
    const asAdmin = await cloud.json('GET', `/os-networks/${networkId}`, 200, { caller: 'admin' });
    assert.equal(asAdmin.network.vlan, null);
  });

  test('os-tenant-networks shows id, label and the cidr "None"', async () => {
    const { networks } = await cloud.json('GET', '/os-tenant-networks', 200, { caller: 'member' });
    assert.deepEqual(networks, [{ id: networkId, cidr: 'None', label: 'private' }]);
    const { network } = await cloud.json('GET', `/os-tenant-networks/${networkId}`, 200, {
      caller: 'member',
    });
    assert.deepEqual(network, { id: networkId, cidr: 'None', label: 'private' });
  });

  test("a network the caller cannot see is a 404; the proxies are gone from 2.36; nova-network's writes are gone (410)", async () => {
    const hidden = await cloud.compute.request('GET', `/os-networks/${networkId}`, { caller: 'other' });
    assert.equal(hidden.statusCode, 404);
    assert.equal(hidden.json().itemNotFound.message, 'Network not found');
    for (const path of ['/os-networks', '/os-tenant-networks']) {
      const late = await cloud.compute.request('GET', path, { caller: 'member', version: '2.36' });
      assert.equal(late.statusCode, 404);
      const create = await cloud.compute.request('POST', path, { caller: 'admin', body: { network: {} } });
      assert.equal(create.statusCode, 410);
    }
  });
});
