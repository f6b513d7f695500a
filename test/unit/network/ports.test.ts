import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { defaultSecurityGroupId } from '../../../src/network/security-groups/default-group.js';
import { setPortStatus } from '../../../src/network/ports/port-service.js';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('ports', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  const networkWithSubnet = async (cidr: string, caller = 'member', body: Record<string, unknown> = {}) => {
    const { network } = await net.json('POST', '/networks', 201, {
      caller,
      body: { network: { name: 'n', ...body } },
    });
    const { subnet } = await net.json('POST', '/subnets', 201, {
      caller,
      body: { subnet: { network_id: network.id, ip_version: 4, cidr } },
    });
    return { network, subnet };
  };
  const port = async (body: Record<string, unknown>, caller = 'member') =>
    (await net.json('POST', '/ports', 201, { caller, body: { port: body } })).port;
  const refusal = async (method: string, path: string, body: unknown, caller = 'member') => {
    const response = await net.request(method, path, { caller, body });
    return { status: response.statusCode, ...response.json().NeutronError };
  };

  test('a port is DOWN with a fa:16:3e MAC, an address, the default group; bindings only admins see', async () => {
    const { network, subnet } = await networkWithSubnet('10.70.0.0/24');
    const created = await port({ network_id: network.id, name: 'p1' });
    assert.equal(created.status, 'DOWN');
    assert.match(created.mac_address, /^fa:16:3e(:[0-9a-f]{2}){3}$/);
    assert.deepEqual(created.fixed_ips, [{ subnet_id: subnet.id, ip_address: '10.70.0.2' }]);
    assert.deepEqual(created.security_groups, [defaultSecurityGroupId(PROJECTS.one)]);
    assert.equal(created.port_security_enabled, true);
    assert.deepEqual(created.allowed_address_pairs, []);
    assert.deepEqual(created.extra_dhcp_opts, []);
    assert.equal(created.device_owner, '');
    assert.equal(created.admin_state_up, true);
    assert.equal(created['binding:vnic_type'], 'normal');
    assert.deepEqual(created.dns_assignment, [
      { ip_address: '10.70.0.2', hostname: 'host-10-70-0-2', fqdn: 'host-10-70-0-2.openstacklocal.' },
    ]);
    for (const hidden of ['binding:host_id', 'binding:vif_type', 'binding:vif_details', 'binding:profile']) {
      assert.equal(hidden in created, false, `${hidden} is for admins`);
    }
    const seen = (await net.json('GET', `/ports/${created.id}`, 200, { caller: 'admin' })).port;
    assert.equal(seen['binding:host_id'], '');
    assert.equal(seen['binding:vif_type'], 'unbound');
    assert.deepEqual(seen['binding:vif_details'], {});
    assert.deepEqual(seen['binding:profile'], {});
    const bound = await net.json('PUT', `/ports/${created.id}`, 200, {
      caller: 'admin',
      body: { port: { 'binding:host_id': 'compute-1', device_owner: 'compute:nova', device_id: 'vm-1' } },
    });
    assert.equal(bound.port['binding:vif_type'], 'bridge');
    assert.deepEqual(bound.port['binding:vif_details'], {
      connectivity: 'l2',
      port_filter: true,
      bridge_name: `brq${network.id.slice(0, 11)}`,
    });
    const refused = await refusal('PUT', `/ports/${created.id}`, {
      port: { 'binding:host_id': 'elsewhere' },
    });
    assert.equal(refused.status, 403);
    // The agent marks a wired port ACTIVE.
    await net.db.transaction().execute((trx) => setPortStatus(trx, net.deps, created.id, 'ACTIVE'));
    assert.equal((await net.json('GET', `/ports/${created.id}`, 200)).port.status, 'ACTIVE');
  });

  test('MACs are unique per network: a MAC in use is refused, on another network it is fine', async () => {
    const first = await networkWithSubnet('10.71.0.0/24');
    const mac = 'FA:16:3E:01:02:03';
    const created = await port({ network_id: first.network.id, mac_address: mac });
    assert.equal(created.mac_address, 'fa:16:3e:01:02:03');
    const again = await refusal('POST', '/ports', {
      port: { network_id: first.network.id, mac_address: mac },
    });
    assert.deepEqual(again, {
      status: 409,
      type: 'MacAddressInUse',
      message: `Unable to complete operation for network ${first.network.id}. The mac address fa:16:3e:01:02:03 is in use.`,
      detail: '',
    });
    const second = await networkWithSubnet('10.71.0.0/24');
    await port({ network_id: second.network.id, mac_address: mac });
    // Deleting the port gives its MAC and address back.
    await net.json('DELETE', `/ports/${created.id}`, 204);
    const reused = await port({ network_id: first.network.id, mac_address: mac });
    assert.equal(reused.fixed_ips[0].ip_address, created.fixed_ips[0].ip_address);
  });

  test('fixed IPs asked for are checked against the network and its subnets', async () => {
    const { network, subnet } = await networkWithSubnet('10.72.0.0/24');
    const elsewhere = await networkWithSubnet('10.73.0.0/24');
    const byIp = await port({ network_id: network.id, fixed_ips: [{ ip_address: '10.72.0.50' }] });
    assert.deepEqual(byIp.fixed_ips, [{ subnet_id: subnet.id, ip_address: '10.72.0.50' }]);
    const cases: [unknown[], number, string, string][] = [
      [
        [{ subnet_id: subnet.id, ip_address: '10.72.0.50' }],
        409,
        'IpAddressAlreadyAllocated',
        `IP address 10.72.0.50 already allocated in subnet ${subnet.id}`,
      ],
      [
        [{ subnet_id: subnet.id, ip_address: '10.73.0.5' }],
        400,
        'InvalidIpForSubnet',
        'IP address 10.73.0.5 is not a valid IP for the specified subnet.',
      ],
      [
        [{ subnet_id: subnet.id, ip_address: '10.72.0.255' }],
        400,
        'InvalidIpForSubnet',
        'IP address 10.72.0.255 is not a valid IP for the specified subnet.',
      ],
      [
        [{ ip_address: '10.99.0.5' }],
        400,
        'InvalidIpForNetwork',
        'IP address 10.99.0.5 is not a valid IP for any of the subnets on the specified network.',
      ],
      [
        [{ subnet_id: elsewhere.subnet.id }],
        400,
        'InvalidInput',
        `Invalid input for operation: Failed to create port on network ${network.id}, because fixed_ips included invalid subnet ${elsewhere.subnet.id}.`,
      ],
      [
        [{ subnet_id: '00000000-0000-4000-8000-000000000000' }],
        404,
        'SubnetNotFound',
        'Subnet 00000000-0000-4000-8000-000000000000 could not be found.',
      ],
      [
        [{ ip_address: 'ten' }],
        400,
        'HTTPBadRequest',
        "Invalid input for fixed_ips. Reason: 'ten' is not a valid IP address.",
      ],
    ];
    for (const [fixedIps, status, type, message] of cases) {
      const refused = await refusal('POST', '/ports', {
        port: { network_id: network.id, fixed_ips: fixedIps },
      });
      assert.deepEqual(refused, { status, type, message, detail: '' }, JSON.stringify(fixedIps));
    }
    const none = await port({ network_id: network.id, fixed_ips: [] });
    assert.deepEqual(none.fixed_ips, []);
    assert.equal(none.ip_allocation, 'none');
    const empty = (await net.json('POST', '/networks', 201, { body: { network: { name: 'empty' } } }))
      .network;
    assert.deepEqual((await port({ network_id: empty.id })).fixed_ips, []);
  });

  test('changing fixed IPs is all or nothing: the old address is freed, a taken one leaves the port as it was', async () => {
    const { network, subnet } = await networkWithSubnet('10.74.0.0/24');
    const a = await port({ network_id: network.id });
    const b = await port({ network_id: network.id });
    const moved = await net.json('PUT', `/ports/${a.id}`, 200, {
      body: { port: { fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.74.0.100' }] } },
    });
    assert.deepEqual(moved.port.fixed_ips, [{ subnet_id: subnet.id, ip_address: '10.74.0.100' }]);
    assert.deepEqual(moved.port.dns_assignment[0].hostname, 'host-10-74-0-100');
    // The address a held is free again.
    const c = await port({ network_id: network.id, fixed_ips: [{ ip_address: a.fixed_ips[0].ip_address }] });
    assert.equal(c.fixed_ips[0].ip_address, '10.74.0.2');
    const clash = await refusal('PUT', `/ports/${b.id}`, {
      port: { fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.74.0.100' }] },
    });
    assert.equal(clash.status, 409);
    assert.equal(clash.type, 'IpAddressAlreadyAllocated');
    const unchanged = (await net.json('GET', `/ports/${b.id}`, 200)).port;
    assert.deepEqual(unchanged.fixed_ips, b.fixed_ips);
    assert.equal(unchanged.revision_number, b.revision_number);
    // b still holds its address: nobody else can take it.
    const taken = await refusal('POST', '/ports', {
      port: { network_id: network.id, fixed_ips: [{ ip_address: b.fixed_ips[0].ip_address }] },
    });
    assert.equal(taken.status, 409);
    // Two addresses on one subnet, the held one kept.
    const two = await net.json('PUT', `/ports/${b.id}`, 200, {
      body: { port: { fixed_ips: [...b.fixed_ips, { subnet_id: subnet.id }] } },
    });
    assert.equal(two.port.fixed_ips.length, 2);
    assert.deepEqual(two.port.fixed_ips[0], b.fixed_ips[0]);
  });

  test('lists filter on fixed_ips, MAC and device, and a caller sees only its ports and those on its networks', async () => {
    const { network, subnet } = await networkWithSubnet('10.75.0.0/24');
    const mine = await port({ network_id: network.id, device_id: 'dev-1' });
    const byIp = await net.json('GET', `/ports?fixed_ips=ip_address%3D${mine.fixed_ips[0].ip_address}`, 200);
    assert.deepEqual(
      byIp.ports.map((p: { id: string }) => p.id),
      [mine.id],
    );
    const bySubnet = await net.json('GET', `/ports?fixed_ips=subnet_id%3D${subnet.id}`, 200);
    assert.deepEqual(
      bySubnet.ports.map((p: { id: string }) => p.id),
      [mine.id],
    );
    const bySubstr = await net.json(
      'GET',
      `/ports?fixed_ips=ip_address_substr%3D10.75.0&network_id=${network.id}`,
      200,
    );
    assert.equal(bySubstr.ports.length, 1);
    const byMac = await net.json('GET', `/ports?mac_address=${mine.mac_address.toUpperCase()}`, 200);
    assert.deepEqual(
      byMac.ports.map((p: { id: string }) => p.id),
      [mine.id],
    );
    const byDevice = await net.json('GET', '/ports?device_id=dev-1', 200);
    assert.deepEqual(
      byDevice.ports.map((p: { id: string }) => p.id),
      [mine.id],
    );
    const bad = await net.request('GET', '/ports?fixed_ips=colour%3Dblue');
    assert.equal(bad.statusCode, 400);

    const others = await net.json('GET', '/ports', 200, { caller: 'other' });
    assert.equal(
      others.ports.some((p: { id: string }) => p.id === mine.id),
      false,
    );
    const hidden = await net.request('GET', `/ports/${mine.id}`, { caller: 'other' });
    assert.equal(hidden.statusCode, 404);
    assert.equal(hidden.json().NeutronError.message, `Port ${mine.id} could not be found.`);
    assert.equal((await net.request('DELETE', `/ports/${mine.id}`, { caller: 'other' })).statusCode, 404);
    const onPrivate = await refusal('POST', '/ports', { port: { network_id: network.id } }, 'other');
    assert.equal(onPrivate.status, 404);
    assert.equal(onPrivate.type, 'NetworkNotFound');
  });

  test('on a shared network anyone makes a port, but only the network owner picks its address or MAC', async () => {
    // The network is the member's, shared by an admin.
    const { network, subnet } = await networkWithSubnet('10.76.0.0/24', 'admin', {
      shared: true,
      project_id: PROJECTS.one,
    });
    const theirs = await port({ network_id: network.id }, 'other');
    assert.equal(theirs.project_id, PROJECTS.two);
    assert.deepEqual(theirs.security_groups, [defaultSecurityGroupId(PROJECTS.two)]);
    await port({ network_id: network.id, fixed_ips: [{ subnet_id: subnet.id }] }, 'other');
    const byIp = await refusal(
      'POST',
      '/ports',
      {
        port: { network_id: network.id, fixed_ips: [{ ip_address: '10.76.0.99' }] },
      },
      'other',
    );
    assert.equal(byIp.status, 403);
    assert.equal(byIp.message, 'create_port:fixed_ips:ip_address is disallowed by policy');
    const byMac = await refusal(
      'POST',
      '/ports',
      {
        port: { network_id: network.id, mac_address: 'fa:16:3e:00:00:01' },
      },
      'other',
    );
    assert.equal(byMac.status, 403);
    const asDhcp = await refusal(
      'POST',
      '/ports',
      { port: { network_id: network.id, device_owner: 'network:dhcp' } },
      'other',
    );
    assert.equal(asDhcp.status, 403);
    await port({
      network_id: network.id,
      fixed_ips: [{ ip_address: '10.76.0.99' }],
      mac_address: 'fa:16:3e:00:00:01',
    });
    // The network's owner sees the port and may delete it, but not change it.
    const seen = await net.json('GET', `/ports?network_id=${network.id}`, 200);
    assert.ok(seen.ports.some((p: { id: string }) => p.id === theirs.id));
    const rename = await refusal('PUT', `/ports/${theirs.id}`, { port: { name: 'x' } });
    assert.equal(rename.status, 403);
    assert.equal(rename.message, 'update_port is disallowed by policy');
    const othersView = await net.json('GET', `/ports?network_id=${network.id}`, 200, { caller: 'other' });
    assert.equal(othersView.ports.length, 2, 'the other project sees its own ports only');
    await net.json('DELETE', `/ports/${theirs.id}`, 204);
  });

  test("a router's port is deleted with the router, not through the ports API", async () => {
    const { network } = await networkWithSubnet('10.77.0.0/24');
    const routerId = '11111111-2222-4333-8444-555555555555';
    const now = new Date().toISOString();
    await net.db
      .insertInto('routers')
      .values({
        id: routerId,
        project_id: PROJECTS.one,
        parent_id: null,
        ref_id: null,
        body: '{}',
        revision_number: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const iface = await port({
      network_id: network.id,
      device_owner: 'network:router_interface',
      device_id: routerId,
    });
    const refused = await refusal('DELETE', `/ports/${iface.id}`, undefined);
    assert.deepEqual(refused, {
      status: 409,
      type: 'ServicePortInUse',
      message: `Port ${iface.id} cannot be deleted directly via the port API: has device owner network:router_interface.`,
      detail: '',
    });
    // Another project may not make its port an interface of this router.
    const theirs = await networkWithSubnet('10.78.0.0/24', 'other');
    const foreign = await refusal(
      'POST',
      '/ports',
      {
        port: {
          network_id: theirs.network.id,
          device_owner: 'network:router_interface',
          device_id: routerId,
        },
      },
      'other',
    );
    assert.deepEqual(foreign, {
      status: 409,
      type: 'DeviceIDNotOwnedByTenant',
      message: `The following device_id ${routerId} is not owned by your project or matches another project router.`,
      detail: '',
    });
  });
});
