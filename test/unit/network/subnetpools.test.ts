import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('subnet pools', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  const pool = async (body: Record<string, unknown>, caller = 'member') =>
    (await net.json('POST', '/subnetpools', 201, { caller, body: { subnetpool: { name: 'p', ...body } } }))
      .subnetpool;
  const network = async () =>
    (await net.json('POST', '/networks', 201, { body: { network: { name: 'n' } } })).network;
  const fromPool = (networkId: string, body: Record<string, unknown>, caller = 'member') =>
    net.request('POST', '/subnets', {
      caller,
      body: { subnet: { network_id: networkId, ip_version: 4, ...body } },
    });

  test('a pool compacts its prefixes and takes Neutron’s bounds, shown as text', async () => {
    const p = await pool({ prefixes: ['10.10.1.0/24', '10.10.0.0/24', '192.168.0.0/16'] });
    assert.deepEqual(p.prefixes, ['10.10.0.0/23', '192.168.0.0/16']);
    assert.equal(p.ip_version, 4);
    assert.equal(p.min_prefixlen, '8');
    assert.equal(p.max_prefixlen, '32');
    assert.equal(p.default_prefixlen, '8');
    assert.equal(p.shared, false);
    assert.equal(p.is_default, false);
    assert.equal(p.default_quota, null);
    assert.equal(p.address_scope_id, null);
    assert.equal(p.revision_number, 1);
    const mixed = await net.request('POST', '/subnetpools', {
      body: { subnetpool: { name: 'm', prefixes: ['10.0.0.0/8', '2001:db8::/32'] } },
    });
    assert.equal(mixed.statusCode, 400);
    assert.equal(mixed.json().NeutronError.message, 'Cannot mix IPv4 and IPv6 prefixes in a subnet pool.');
    const bounds = await net.request('POST', '/subnetpools', {
      body: { subnetpool: { name: 'b', prefixes: ['10.0.0.0/8'], min_prefixlen: 24, default_prefixlen: 16 } },
    });
    assert.equal(bounds.statusCode, 400);
    assert.equal(
      bounds.json().NeutronError.message,
      'Illegal prefix bounds: default_prefixlen=16, min_prefixlen=24.',
    );
  });

  test('subnets take the next free block of the size asked, or a free CIDR of the pool, never another subnet’s', async () => {
    const p = await pool({
      prefixes: ['10.20.0.0/16'],
      default_prefixlen: 24,
      min_prefixlen: 20,
      max_prefixlen: 28,
    });
    const n = await network();
    const first = (await fromPool(n.id, { subnetpool_id: p.id })).json().subnet;
    assert.equal(first.cidr, '10.20.0.0/24');
    assert.equal(first.subnetpool_id, p.id);
    assert.equal(first.gateway_ip, '10.20.0.1');
    assert.deepEqual(first.allocation_pools, [{ start: '10.20.0.2', end: '10.20.0.254' }]);
    const second = (await fromPool(n.id, { subnetpool_id: p.id, prefixlen: 26 })).json().subnet;
    assert.equal(second.cidr, '10.20.1.0/26');
    const specific = await fromPool(n.id, { subnetpool_id: p.id, cidr: '10.20.8.0/24' });
    assert.equal(specific.statusCode, 201);
    const taken = await fromPool(n.id, { subnetpool_id: p.id, cidr: '10.20.0.128/25' });
    assert.equal(taken.statusCode, 409);
    assert.deepEqual(taken.json().NeutronError, {
      type: 'SubnetAllocationError',
      message:
        'Failed to allocate subnet: Cannot allocate requested subnet from the available set of prefixes.',
      detail: '',
    });
    const outside = await fromPool(n.id, { subnetpool_id: p.id, cidr: '10.99.0.0/24' });
    assert.equal(outside.statusCode, 409);
    const tooSmall = await fromPool(n.id, { subnetpool_id: p.id, prefixlen: 30 });
    assert.equal(tooSmall.statusCode, 400);
    assert.equal(
      tooSmall.json().NeutronError.message,
      'Unable to allocate subnet with prefix length 30, maximum allowed prefix is 28.',
    );
    const v6 = await fromPool(n.id, { subnetpool_id: p.id, ip_version: 6 });
    assert.equal(
      v6.json().NeutronError.message,
      'Bad subnets request: Cannot allocate IPv6 subnet from IPv4 subnet pool.',
    );
    const pools = await fromPool(n.id, {
      subnetpool_id: p.id,
      allocation_pools: [{ start: '10.20.9.2', end: '10.20.9.9' }],
    });
    // Neutron's reason ends with a full stop, and its BadRequest adds another.
    assert.equal(
      pools.json().NeutronError.message,
      'Bad subnets request: allocation_pools allowed only for specific subnet requests..',
    );
    // A network's subnets of one version all come from one pool, or none.
    const plain = await fromPool(n.id, { cidr: '172.16.0.0/24' });
    assert.equal(plain.statusCode, 400);
    assert.equal(
      plain.json().NeutronError.message,
      'Subnets hosted on the same network must be allocated from the same subnet pool.',
    );
  });

  test('a pool full for the size asked says so', async () => {
    const p = await pool({ prefixes: ['10.30.0.0/24'], min_prefixlen: 24 });
    const n = await network();
    assert.equal((await fromPool(n.id, { subnetpool_id: p.id, prefixlen: 24 })).statusCode, 201);
    const full = await fromPool((await network()).id, { subnetpool_id: p.id, prefixlen: 24 });
    assert.equal(full.statusCode, 409);
    assert.equal(
      full.json().NeutronError.message,
      'Failed to allocate subnet: Insufficient prefix space to allocate subnet size /24.',
    );
  });

  test('use_default_subnetpool takes the one default pool of the version; only an admin makes it', async () => {
    const n = await network();
    const none = await fromPool(n.id, { use_default_subnetpool: true });
    assert.equal(none.statusCode, 400);
    assert.equal(
      none.json().NeutronError.message,
      'Bad subnets request: No default subnetpool found for IPv4.',
    );
    const refused = await net.request('POST', '/subnetpools', {
      body: { subnetpool: { name: 'd', prefixes: ['10.40.0.0/16'], is_default: true } },
    });
    assert.equal(refused.statusCode, 403);
    const d = await pool(
      { prefixes: ['10.40.0.0/16'], is_default: true, shared: true, default_prefixlen: 26 },
      'admin',
    );
    const again = await net.request('POST', '/subnetpools', {
      caller: 'admin',
      body: { subnetpool: { name: 'd2', prefixes: ['10.41.0.0/16'], is_default: true } },
    });
    assert.equal(again.statusCode, 400);
    assert.equal(
      again.json().NeutronError.message,
      'Invalid input for operation: A default subnetpool for this IP family has already been set. Only one default may exist per IP family.',
    );
    const taken = (await fromPool(n.id, { use_default_subnetpool: true })).json().subnet;
    assert.equal(taken.subnetpool_id, d.id);
    assert.equal(taken.cidr, '10.40.0.0/26');
    const both = await fromPool(n.id, { use_default_subnetpool: true, subnetpool_id: d.id });
    assert.equal(
      both.json().NeutronError.message,
      'Bad subnets request: subnetpool_id and use_default_subnetpool cannot both be specified.',
    );
  });

  test('a shared pool is seen by all and owned by one; a private one is not found by others', async () => {
    const memberShared = await net.request('POST', '/subnetpools', {
      body: { subnetpool: { name: 's', prefixes: ['10.50.0.0/16'], shared: true } },
    });
    assert.equal(memberShared.statusCode, 403);
    const shared = await pool({ prefixes: ['10.51.0.0/16'], shared: true }, 'admin');
    const seen = await net.json('GET', `/subnetpools/${shared.id}`, 200, { caller: 'other' });
    assert.equal(seen.subnetpool.shared, true);
    assert.equal(
      (
        await net.request('PUT', `/subnetpools/${shared.id}`, {
          caller: 'other',
          body: { subnetpool: { name: 'x' } },
        })
      ).statusCode,
      403,
    );
    const mine = await pool({ prefixes: ['10.52.0.0/16'] });
    const hidden = await net.request('GET', `/subnetpools/${mine.id}`, { caller: 'other' });
    assert.equal(hidden.statusCode, 404);
    assert.equal(hidden.json().NeutronError.message, `Subnet pool ${mine.id} could not be found.`);
    const n = (
      await net.json('POST', '/networks', 201, { caller: 'other', body: { network: { name: 'o' } } })
    ).network;
    const notYours = await fromPool(n.id, { subnetpool_id: mine.id }, 'other');
    assert.equal(notYours.statusCode, 404);
    assert.equal(notYours.json().NeutronError.type, 'SubnetPoolNotFound');
  });

  test('prefixes only grow; a pool with subnets cannot be deleted', async () => {
    const p = await pool({ prefixes: ['10.60.0.0/24'], min_prefixlen: 24 });
    const shrink = await net.request('PUT', `/subnetpools/${p.id}`, {
      body: { subnetpool: { prefixes: ['10.60.0.0/25'] } },
    });
    assert.equal(shrink.statusCode, 400);
    assert.equal(
      shrink.json().NeutronError.message,
      'Illegal update to prefixes: Existing prefixes must be a subset of the new prefixes.',
    );
    const grown = await net.json('PUT', `/subnetpools/${p.id}`, 200, {
      body: { subnetpool: { prefixes: ['10.60.0.0/24', '10.60.1.0/24'], default_prefixlen: 24 } },
    });
    assert.deepEqual(grown.subnetpool.prefixes, ['10.60.0.0/23']);
    assert.equal(grown.subnetpool.default_prefixlen, '24');
    const n = await network();
    const subnet = (await fromPool(n.id, { subnetpool_id: p.id })).json().subnet;
    const inUse = await net.request('DELETE', `/subnetpools/${p.id}`);
    assert.equal(inUse.statusCode, 400);
    assert.deepEqual(inUse.json().NeutronError, {
      type: 'SubnetPoolDeleteError',
      message: 'Unable to delete subnet pool: Subnet pool has existing allocations.',
      detail: '',
    });
    await net.json('DELETE', `/subnets/${subnet.id}`, 204);
    await net.json('DELETE', `/subnetpools/${p.id}`, 204);
    assert.equal((await net.request('GET', `/subnetpools/${p.id}`)).statusCode, 404);
  });
});
