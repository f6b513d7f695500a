import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('network ip availability', () => {
  let net: NetworkTestApp;
  let networkId: string;
  const v4 = crypto.randomUUID();
  const v6 = crypto.randomUUID();
  const time = '2024-01-01T00:00:00Z';

  /** A subnet and its allocations as the subnets and ports APIs would store them. */
  const subnet = async (id: string, body: Record<string, unknown>, addresses: string[]) => {
    await net.db
      .insertInto('subnets')
      .values({
        id,
        project_id: PROJECTS.one,
        parent_id: networkId,
        ref_id: null,
        body: JSON.stringify({ network_id: networkId, ...body }),
        revision_number: 1,
        created_at: time,
        updated_at: time,
      })
      .execute();
    for (const ip of addresses) {
      await net.db
        .insertInto('ip_allocations')
        .values({ subnet_id: id, ip_address: ip, network_id: networkId, port_id: crypto.randomUUID() })
        .execute();
    }
  };

  before(async () => {
    net = await networkTestApp();
    networkId = (await net.json('POST', '/networks', 201, { body: { network: { name: 'counted' } } })).network
      .id;
    await subnet(
      v4,
      {
        name: 'v4',
        cidr: '10.0.0.0/24',
        ip_version: 4,
        allocation_pools: [
          { start: '10.0.0.2', end: '10.0.0.100' },
          { start: '10.0.0.200', end: '10.0.0.254' },
        ],
      },
      ['10.0.0.2', '10.0.0.3'],
    );
    await subnet(v6, { name: 'v6', cidr: 'fd00::/120', ip_version: 6, allocation_pools: [] }, ['fd00::5']);
  });
  after(() => net.close());

  test('an admin sees per network and per subnet how many addresses there are and are used', async () => {
    const shown = await net.json('GET', `/network-ip-availabilities/${networkId}`, 200, { caller: 'admin' });
    // Subnets made in the same second have no order between them.
    shown.network_ip_availability.subnet_ip_availability.sort(
      (a: { ip_version: number }, b: { ip_version: number }) => a.ip_version - b.ip_version,
    );
    assert.deepEqual(shown.network_ip_availability, {
      network_id: networkId,
      network_name: 'counted',
      tenant_id: PROJECTS.one,
      project_id: PROJECTS.one,
      subnet_ip_availability: [
        { subnet_id: v4, ip_version: 4, cidr: '10.0.0.0/24', subnet_name: 'v4', used_ips: 2, total_ips: 154 },
        { subnet_id: v6, ip_version: 6, cidr: 'fd00::/120', subnet_name: 'v6', used_ips: 1, total_ips: 256 },
      ],
      used_ips: 3,
      total_ips: 410,
    });
  });

  test('lists filter by IP version, counting only the subnets of that version', async () => {
    const { network_ip_availabilities: list } = await net.json(
      'GET',
      `/network-ip-availabilities?ip_version=6&network_id=${networkId}`,
      200,
      { caller: 'admin' },
    );
    assert.equal(list.length, 1);
    assert.equal(list[0].total_ips, 256);
    assert.deepEqual(
      list[0].subnet_ip_availability.map((item: { subnet_id: string }) => item.subnet_id),
      [v6],
    );
  });

  test('it is for admins only', async () => {
    assert.deepEqual(
      (await net.json('GET', '/network-ip-availabilities', 200)).network_ip_availabilities,
      [],
    );
    const hidden = await net.request('GET', `/network-ip-availabilities/${networkId}`);
    assert.equal(hidden.statusCode, 404);
    assert.equal(hidden.json().NeutronError.type, 'NetworkNotFound');
  });
});
