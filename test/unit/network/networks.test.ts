import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('networks', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  test('a member creates a network with the defaults Neutron gives, under both owner names', async () => {
    const { network } = await net.json('POST', '/networks', 201, { body: { network: { name: 'n1' } } });
    assert.equal(network.name, 'n1');
    assert.equal(network.status, 'ACTIVE');
    assert.equal(network.admin_state_up, true);
    assert.equal(network.shared, false);
    assert.equal(network['router:external'], false);
    assert.equal(network.mtu, 1450);
    assert.deepEqual(network.subnets, []);
    assert.equal(network.project_id, PROJECTS.one);
    assert.equal(network.tenant_id, PROJECTS.one);
    assert.equal(network.revision_number, 1);
    assert.equal('provider:network_type' in network, false, 'provider attributes are for admins');
    const shown = await net.json('GET', `/networks/${network.id}`, 200, { caller: 'admin' });
    assert.equal(shown.network['provider:network_type'], 'vxlan');
    assert.equal(typeof shown.network['provider:segmentation_id'], 'number');
  });

  test('bad input gets a NeutronError naming the attribute', async () => {
    const response = await net.request('POST', '/networks', {
      body: { network: { admin_state_up: 'maybe' } },
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      NeutronError: {
        type: 'InvalidInput',
        message: "Invalid input for operation: 'maybe' cannot be converted to boolean.",
        detail: '',
      },
    });
    const unknown = await net.request('POST', '/networks', { body: { network: { colour: 'blue' } } });
    assert.equal(unknown.json().NeutronError.message, "Unrecognized attribute(s) 'colour'");
    const readOnly = await net.request('POST', '/networks', { body: { network: { status: 'DOWN' } } });
    assert.equal(readOnly.json().NeutronError.message, "Attribute 'status' not allowed in POST");
  });

  test('only an admin shares a network; another project then sees it shared and cannot change it', async () => {
    const refused = await net.request('POST', '/networks', { body: { network: { shared: true } } });
    assert.equal(refused.statusCode, 403);
    const { network } = await net.json('POST', '/networks', 201, {
      caller: 'admin',
      body: { network: { name: 'shared-net', shared: true } },
    });
    const seen = await net.json('GET', `/networks/${network.id}`, 200, { caller: 'other' });
    assert.equal(seen.network.shared, true);
    const update = await net.request('PUT', `/networks/${network.id}`, {
      caller: 'other',
      body: { network: { name: 'mine' } },
    });
    assert.equal(update.statusCode, 403);
  });

  test("another project's private network is not found, in lists too", async () => {
    const { network } = await net.json('POST', '/networks', 201, { body: { network: { name: 'private' } } });
    const hidden = await net.request('GET', `/networks/${network.id}`, { caller: 'other' });
    assert.equal(hidden.statusCode, 404);
    assert.equal(hidden.json().NeutronError.type, 'NetworkNotFound');
    assert.equal(hidden.json().NeutronError.message, `Network ${network.id} could not be found.`);
    const list = await net.json('GET', '/networks', 200, { caller: 'other' });
    assert.equal(
      list.networks.some((item: { id: string }) => item.id === network.id),
      false,
    );
    const del = await net.request('DELETE', `/networks/${network.id}`, { caller: 'other' });
    assert.equal(del.statusCode, 404);
  });

  test('lists filter, pick fields, sort and page with links', async () => {
    for (const name of ['p-a', 'p-b', 'p-c'])
      await net.json('POST', '/networks', 201, { body: { network: { name } } });
    const filtered = await net.json('GET', '/networks?name=p-b&fields=name&fields=id', 200);
    assert.deepEqual(Object.keys(filtered.networks[0]).sort(), ['id', 'name']);
    assert.equal(filtered.networks.length, 1);
    const sorted = await net.json('GET', '/networks?sort_key=name&sort_dir=desc&name=p-a&name=p-c', 200);
    assert.deepEqual(
      sorted.networks.map((n: { name: string }) => n.name),
      ['p-c', 'p-a'],
    );
    const page = await net.json('GET', '/networks?limit=1&sort_key=name&sort_dir=asc&name=p-a&name=p-b', 200);
    assert.equal(page.networks.length, 1);
    assert.equal(page.networks_links[0].rel, 'next');
    const next = new URL(page.networks_links[0].href);
    const second = await net.json('GET', `/networks${next.search}`, 200);
    assert.equal(second.networks[0].name, 'p-b');
    const bad = await net.request('GET', '/networks?colour=blue');
    assert.equal(bad.json().NeutronError.message, "['colour'] is invalid attribute for filtering");
  });

  test('update honours If-Match on the revision number and bumps it', async () => {
    const { network } = await net.json('POST', '/networks', 201, { body: { network: { name: 'rev' } } });
    const stale = await net.request('PUT', `/networks/${network.id}`, {
      body: { network: { name: 'x' } },
      headers: { 'if-match': 'revision_number=7' },
    });
    assert.equal(stale.statusCode, 412);
    const updated = await net.json('PUT', `/networks/${network.id}`, 200, {
      body: { network: { name: 'x' } },
      headers: { 'if-match': `revision_number=${network.revision_number}` },
    });
    assert.equal(updated.network.revision_number, network.revision_number + 1);
  });

  test('a flat provider network takes its physical network once', async () => {
    const body = { network: { 'provider:network_type': 'flat', 'provider:physical_network': 'public' } };
    await net.json('POST', '/networks', 201, { caller: 'admin', body });
    const again = await net.request('POST', '/networks', { caller: 'admin', body });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().NeutronError.type, 'FlatNetworkInUse');
  });
});
