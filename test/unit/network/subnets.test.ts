import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('subnets', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  const network = async (caller = 'member', body: Record<string, unknown> = {}) =>
    (await net.json('POST', '/networks', 201, { caller, body: { network: { name: 'n', ...body } } })).network;
  const subnet = async (networkId: string, body: Record<string, unknown> = {}, caller = 'member') =>
    (
      await net.json('POST', '/subnets', 201, {
        caller,
        body: { subnet: { network_id: networkId, ip_version: 4, cidr: '10.0.0.0/24', ...body } },
      })
    ).subnet;
  const refusal = async (method: string, path: string, body: unknown, caller = 'member') => {
    const response = await net.request(method, path, { caller, body });
    return { status: response.statusCode, ...response.json().NeutronError };
  };

  test('an IPv4 subnet gets its CIDR normalized, the first host as gateway and the rest as its pool', async () => {
    const n = await network();
    const created = await subnet(n.id, { cidr: '10.1.2.77/24', name: 's1' });
    assert.equal(created.cidr, '10.1.2.0/24');
    assert.equal(created.gateway_ip, '10.1.2.1');
    assert.deepEqual(created.allocation_pools, [{ start: '10.1.2.2', end: '10.1.2.254' }]);
    assert.equal(created.enable_dhcp, true);
    assert.deepEqual(created.dns_nameservers, []);
    assert.deepEqual(created.host_routes, []);
    assert.equal(created.ipv6_ra_mode, null);
    assert.equal(created.ipv6_address_mode, null);
    assert.equal(created.subnetpool_id, null);
    assert.equal(created.project_id, PROJECTS.one);
    assert.equal(created.revision_number, 1);
    assert.equal('prefixlen' in created, false);
    const shown = (await net.json('GET', `/networks/${n.id}`, 200)).network;
    assert.deepEqual(shown.subnets, [created.id]);
    assert.equal(shown.revision_number, n.revision_number + 1, 'a new subnet bumps its network');
  });

  test('without a gateway the pool is the whole CIDR; given pools must stay clear of the gateway', async () => {
    const n = await network();
    const bare = await subnet(n.id, { cidr: '10.2.0.0/28', gateway_ip: null });
    assert.equal(bare.gateway_ip, null);
    assert.deepEqual(bare.allocation_pools, [{ start: '10.2.0.1', end: '10.2.0.14' }]);
    const pooled = await subnet(n.id, {
      cidr: '10.2.1.0/24',
      gateway_ip: '10.2.1.254',
      allocation_pools: [{ start: '10.2.1.100', end: '10.2.1.120' }],
      dns_nameservers: ['8.8.8.8'],
      host_routes: [{ destination: '192.168.0.0/16', nexthop: '10.2.1.9' }],
    });
    assert.deepEqual(pooled.allocation_pools, [{ start: '10.2.1.100', end: '10.2.1.120' }]);
    assert.deepEqual(pooled.dns_nameservers, ['8.8.8.8']);
    assert.deepEqual(pooled.host_routes, [{ destination: '192.168.0.0/16', nexthop: '10.2.1.9' }]);
    const clash = await refusal('POST', '/subnets', {
      subnet: {
        network_id: n.id,
        ip_version: 4,
        cidr: '10.2.2.0/24',
        gateway_ip: '10.2.2.5',
        allocation_pools: [{ start: '10.2.2.2', end: '10.2.2.9' }],
      },
    });
    assert.deepEqual(clash, {
      status: 409,
      type: 'GatewayConflictWithAllocationPools',
      message: 'Gateway ip 10.2.2.5 conflicts with allocation pool 10.2.2.2-10.2.2.9.',
      detail: '',
    });
    const broadcast = await refusal('POST', '/subnets', {
      subnet: { network_id: n.id, ip_version: 4, cidr: '10.2.3.0/24', gateway_ip: '10.2.3.255' },
    });
    assert.equal(broadcast.status, 400);
    assert.equal(broadcast.message, 'Invalid input for operation: Gateway is not valid on subnet.');
    // A gateway off the subnet is on link, as Neutron accepts it.
    const offLink = await subnet(n.id, { cidr: '10.2.4.0/24', gateway_ip: '10.99.0.1' });
    assert.equal(offLink.gateway_ip, '10.99.0.1');
  });

  test('a CIDR overlapping another subnet of the network is refused; on another network it is fine', async () => {
    const n = await network();
    await subnet(n.id, { cidr: '10.3.0.0/16' });
    const overlap = await refusal('POST', '/subnets', {
      subnet: { network_id: n.id, ip_version: 4, cidr: '10.3.5.0/24' },
    });
    assert.deepEqual(overlap, {
      status: 400,
      type: 'InvalidInput',
      message: `Invalid input for operation: Requested subnet with cidr: 10.3.5.0/24 for network: ${n.id} overlaps with another subnet.`,
      detail: '',
    });
    const other = await network();
    await subnet(other.id, { cidr: '10.3.5.0/24' });
  });

  test('bad input is refused with Neutron messages', async () => {
    const n = await network();
    const cases: [Record<string, unknown>, number, string][] = [
      [
        { cidr: '10.4.0.0/24', ip_version: 6 },
        400,
        "Invalid input for operation: cidr '10.4.0.0/24' does not match the ip_version '6'.",
      ],
      [
        { cidr: undefined },
        400,
        'Bad subnets request: a subnetpool must be specified in the absence of a cidr.',
      ],
      [
        { cidr: '10.4.0.0/24', prefixlen: 24 },
        400,
        'Bad subnets request: cidr and prefixlen must not be supplied together.',
      ],
      [
        { cidr: '10.4.0.0/31' },
        400,
        'Invalid input for operation: Subnet has a prefix length that is incompatible with DHCP service enabled.',
      ],
      [
        { cidr: '10.4.0.0/24', ipv6_ra_mode: 'slaac' },
        400,
        'Invalid input for operation: ipv6_ra_mode is not valid when ip_version is 4.',
      ],
      [
        {
          cidr: '10.4.0.0/24',
          dns_nameservers: ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4', '1.1.1.5', '1.1.1.6'],
        },
        400,
        'Unable to complete operation for new subnet. The number of DNS nameservers exceeds the limit 5.',
      ],
      [
        { cidr: '10.4.0.0/24', dns_nameservers: ['1.1.1.1', '1.1.1.1'] },
        400,
        "Invalid input for dns_nameservers. Reason: Duplicate nameserver '1.1.1.1'.",
      ],
      [
        { cidr: '10.4.0.0/24', host_routes: [{ destination: '10.0.0.0/8', nexthop: 'fe80::1' }] },
        400,
        "Invalid input for operation: nexthop 'fe80::1' does not match the ip_version '4'.",
      ],
      [{ cidr: 'banana' }, 400, 'Invalid input for operation: banana is not in a CIDR format.'],
      [
        { cidr: '10.4.0.0/24', ip_version: 5 },
        400,
        'Invalid input for ip_version. Reason: 5 is not in [4, 6].',
      ],
    ];
    for (const [body, status, message] of cases) {
      const refused = await refusal('POST', '/subnets', {
        subnet: { network_id: n.id, ip_version: 4, ...body },
      });
      assert.equal(refused.status, status, JSON.stringify(body));
      assert.equal(refused.message, message);
    }
  });

  test("another project's private network is not found; on a shared one only the owner makes subnets", async () => {
    const mine = await network();
    const hidden = await refusal(
      'POST',
      '/subnets',
      {
        subnet: { network_id: mine.id, ip_version: 4, cidr: '10.5.0.0/24' },
      },
      'other',
    );
    assert.equal(hidden.status, 404);
    assert.equal(hidden.type, 'NetworkNotFound');
    assert.equal(hidden.message, `Network ${mine.id} could not be found.`);

    const shared = await network('admin', { shared: true });
    const refused = await refusal(
      'POST',
      '/subnets',
      {
        subnet: { network_id: shared.id, ip_version: 4, cidr: '10.5.1.0/24' },
      },
      'other',
    );
    assert.equal(refused.status, 403);
    assert.equal(refused.type, 'PolicyNotAuthorized');
    const onShared = await subnet(shared.id, { cidr: '10.5.1.0/24' }, 'admin');
    // Everyone sees a shared network's subnets, and none but its owner may change them.
    const seen = await net.json('GET', `/subnets/${onShared.id}`, 200, { caller: 'other' });
    assert.equal(seen.subnet.cidr, '10.5.1.0/24');
    const listed = await net.json('GET', `/subnets?network_id=${shared.id}`, 200, { caller: 'other' });
    assert.deepEqual(
      listed.subnets.map((s: { id: string }) => s.id),
      [onShared.id],
    );
    assert.equal(
      (
        await net.request('PUT', `/subnets/${onShared.id}`, {
          caller: 'other',
          body: { subnet: { name: 'x' } },
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (await net.request('DELETE', `/subnets/${onShared.id}`, { caller: 'other' })).statusCode,
      403,
    );

    const private_ = await subnet(mine.id, { cidr: '10.5.2.0/24' });
    const invisible = await net.request('GET', `/subnets/${private_.id}`, { caller: 'other' });
    assert.equal(invisible.statusCode, 404);
    assert.equal(invisible.json().NeutronError.message, `Subnet ${private_.id} could not be found.`);
    const list = await net.json('GET', '/subnets', 200, { caller: 'other' });
    assert.equal(
      list.subnets.some((s: { id: string }) => s.id === private_.id),
      false,
    );
  });

  test('updates move the gateway, pools, nameservers and routes, and keep them consistent', async () => {
    const n = await network();
    const s = await subnet(n.id, { cidr: '10.6.0.0/24' });
    const updated = await net.json('PUT', `/subnets/${s.id}`, 200, {
      body: {
        subnet: {
          name: 'renamed',
          gateway_ip: '10.6.0.254',
          allocation_pools: [{ start: '10.6.0.10', end: '10.6.0.20' }],
          dns_nameservers: ['9.9.9.9'],
          host_routes: [{ destination: '0.0.0.0/0', nexthop: '10.6.0.254' }],
          enable_dhcp: false,
        },
      },
    });
    assert.equal(updated.subnet.name, 'renamed');
    assert.equal(updated.subnet.gateway_ip, '10.6.0.254');
    assert.deepEqual(updated.subnet.allocation_pools, [{ start: '10.6.0.10', end: '10.6.0.20' }]);
    assert.deepEqual(updated.subnet.dns_nameservers, ['9.9.9.9']);
    assert.equal(updated.subnet.enable_dhcp, false);
    assert.equal(updated.subnet.revision_number, s.revision_number + 1);
    const intoPool = await refusal('PUT', `/subnets/${s.id}`, { subnet: { gateway_ip: '10.6.0.15' } });
    assert.equal(intoPool.status, 409);
    assert.equal(intoPool.type, 'GatewayConflictWithAllocationPools');
    const outOfBounds = await refusal('PUT', `/subnets/${s.id}`, {
      subnet: { allocation_pools: [{ start: '10.6.0.10', end: '10.6.1.20' }] },
    });
    assert.equal(outOfBounds.status, 400);
    assert.equal(outOfBounds.type, 'OutOfBoundsAllocationPool');
    const readOnly = await refusal('PUT', `/subnets/${s.id}`, { subnet: { cidr: '10.7.0.0/24' } });
    assert.equal(readOnly.message, 'Cannot update read-only attribute cidr');
  });

  test('a subnet with a port on it stays; with only a DHCP port it goes, and the DHCP port loses the address', async () => {
    const n = await network();
    const s = await subnet(n.id, { cidr: '10.8.0.0/24' });
    const { port } = await net.json('POST', '/ports', 201, { body: { port: { network_id: n.id } } });
    const inUse = await refusal('DELETE', `/subnets/${s.id}`, undefined);
    assert.deepEqual(inUse, {
      status: 409,
      type: 'SubnetInUse',
      message: `Unable to complete operation on subnet ${s.id}: One or more ports have an IP allocation from this subnet.`,
      detail: '',
    });
    await net.json('DELETE', `/ports/${port.id}`, 204);
    const dhcp = await net.json('POST', '/ports', 201, {
      caller: 'admin',
      body: { port: { network_id: n.id, device_owner: 'network:dhcp', project_id: PROJECTS.one } },
    });
    assert.equal(dhcp.port.fixed_ips.length, 1);
    const before = (await net.json('GET', `/networks/${n.id}`, 200)).network.revision_number;
    await net.json('DELETE', `/subnets/${s.id}`, 204);
    assert.equal((await net.request('GET', `/subnets/${s.id}`)).statusCode, 404);
    const after_ = (await net.json('GET', `/ports/${dhcp.port.id}`, 200, { caller: 'admin' })).port;
    assert.deepEqual(after_.fixed_ips, []);
    const shown = (await net.json('GET', `/networks/${n.id}`, 200)).network;
    assert.deepEqual(shown.subnets, []);
    assert.equal(shown.revision_number, before + 1);
  });
});
