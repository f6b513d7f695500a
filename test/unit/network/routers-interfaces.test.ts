import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';
import { createPort, createRouter, networkWithSubnet, routerAction } from './routers-fixtures.js';

describe('router interfaces', () => {
  let net: NetworkTestApp;
  let cidrIndex = 0;
  const nextCidr = () => `10.${++cidrIndex}.0.0/24`;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  test('by subnet: a port at the subnet gateway, owned by the router, answered as upstream does', async () => {
    const { network, subnet } = await networkWithSubnet(net, { cidr: nextCidr() });
    const router = await createRouter(net);
    const response = await routerAction(net, router.id, 'add_router_interface', { subnet_id: subnet.id });
    assert.equal(response.statusCode, 200);
    const info = response.json();
    assert.deepEqual(Object.keys(info).sort(), [
      'id',
      'network_id',
      'port_id',
      'project_id',
      'subnet_id',
      'subnet_ids',
      'tenant_id',
    ]);
    assert.equal(info.id, router.id);
    assert.equal(info.subnet_id, subnet.id);
    assert.deepEqual(info.subnet_ids, [subnet.id]);
    assert.equal(info.network_id, network.id);
    assert.equal(info.project_id, PROJECTS.one);
    const { port } = await net.json('GET', `/ports/${info.port_id}`, 200);
    assert.equal(port.device_id, router.id);
    assert.equal(port.device_owner, 'network:router_interface');
    assert.deepEqual(port.fixed_ips, [{ subnet_id: subnet.id, ip_address: subnet.gateway_ip }]);
    const { router: shown } = await net.json('GET', `/routers/${router.id}`, 200);
    assert.equal(shown.revision_number, router.revision_number + 1);
  });

  test('a router with interfaces is in use; removing the interface frees it', async () => {
    const { subnet } = await networkWithSubnet(net, { cidr: nextCidr() });
    const router = await createRouter(net);
    const added = (
      await routerAction(net, router.id, 'add_router_interface', { subnet_id: subnet.id })
    ).json();
    const refused = await net.request('DELETE', `/routers/${router.id}`);
    assert.equal(refused.statusCode, 409);
    assert.deepEqual(refused.json().NeutronError, {
      type: 'RouterInUse',
      message: `Router ${router.id} has ports still attached: ${added.port_id}`,
      detail: '',
    });
    const removed = await routerAction(net, router.id, 'remove_router_interface', { subnet_id: subnet.id });
    assert.equal(removed.statusCode, 200);
    assert.equal(removed.json().port_id, added.port_id);
    assert.equal((await net.request('GET', `/ports/${added.port_id}`)).statusCode, 404);
    await net.json('DELETE', `/routers/${router.id}`, 204);
  });

  test('a subnet joins a router once, and its subnets may not overlap', async () => {
    const first = await networkWithSubnet(net, { cidr: '10.200.0.0/24' });
    const overlapping = await networkWithSubnet(net, { cidr: '10.200.0.0/16' });
    const router = await createRouter(net);
    await routerAction(net, router.id, 'add_router_interface', { subnet_id: first.subnet.id });
    const again = await routerAction(net, router.id, 'add_router_interface', { subnet_id: first.subnet.id });
    assert.equal(again.statusCode, 400);
    assert.equal(
      again.json().NeutronError.message,
      `Bad router request: Router already has a port on subnet ${first.subnet.id}.`,
    );
    const overlap = await routerAction(net, router.id, 'add_router_interface', {
      subnet_id: overlapping.subnet.id,
    });
    assert.equal(overlap.statusCode, 400);
    assert.equal(
      overlap.json().NeutronError.message,
      `Bad router request: Cidr 10.200.0.0/16 of subnet ${overlapping.subnet.id} overlaps with cidr 10.200.0.0/24 of subnet ${first.subnet.id}.`,
    );
  });

  test('a subnet without a gateway cannot join a router', async () => {
    const { subnet } = await networkWithSubnet(net, { cidr: nextCidr(), subnet: { gateway_ip: null } });
    const router = await createRouter(net);
    const response = await routerAction(net, router.id, 'add_router_interface', { subnet_id: subnet.id });
    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json().NeutronError.message,
      'Bad router request: Subnet for router interface must have a gateway IP.',
    );
  });

  test('the request names a subnet or a port, not both', async () => {
    const router = await createRouter(net);
    const cases: [unknown, string][] = [
      [{}, 'Bad router request: Either subnet_id or port_id must be specified.'],
      [{ subnet_id: 'x' }, "Bad router request: 'x' is not a valid UUID."],
      [
        { subnet_id: router.id, port_id: router.id },
        'Bad router request: Cannot specify both subnet-id and port-id.',
      ],
    ];
    for (const [body, message] of cases) {
      const response = await routerAction(net, router.id, 'add_router_interface', body);
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().NeutronError.message, message);
    }
  });

  test("another project's subnet is not found, and a subnet shared with everyone may not join", async () => {
    const theirs = await networkWithSubnet(net, { caller: 'other', cidr: nextCidr() });
    const router = await createRouter(net);
    const hidden = await routerAction(net, router.id, 'add_router_interface', {
      subnet_id: theirs.subnet.id,
    });
    assert.equal(hidden.statusCode, 404);
    assert.equal(hidden.json().NeutronError.type, 'SubnetNotFound');
    const { network } = await net.json('POST', '/networks', 201, {
      caller: 'admin',
      body: { network: { shared: true } },
    });
    const { subnet } = await net.json('POST', '/subnets', 201, {
      caller: 'admin',
      body: { subnet: { network_id: network.id, cidr: nextCidr(), ip_version: 4 } },
    });
    const shared = await routerAction(net, router.id, 'add_router_interface', { subnet_id: subnet.id });
    assert.equal(shared.statusCode, 400);
    assert.equal(
      shared.json().NeutronError.message,
      `Bad router request: Cannot add interface to router because subnet ${subnet.id} is not owned by project making the request.`,
    );
  });

  test('by port: an unused port becomes the interface; a used one is refused', async () => {
    const { network, subnet } = await networkWithSubnet(net, { cidr: nextCidr() });
    const router = await createRouter(net);
    const port = await createPort(net, network.id);
    const info = (await routerAction(net, router.id, 'add_router_interface', { port_id: port.id })).json();
    assert.equal(info.port_id, port.id);
    assert.equal(info.subnet_id, subnet.id);
    const { port: attached } = await net.json('GET', `/ports/${port.id}`, 200);
    assert.equal(attached.device_id, router.id);
    assert.equal(attached.device_owner, 'network:router_interface');
    const other = await createRouter(net);
    const inUse = await routerAction(net, other.id, 'add_router_interface', { port_id: port.id });
    assert.equal(inUse.statusCode, 409);
    assert.deepEqual(inUse.json().NeutronError, {
      type: 'PortInUse',
      message: `Unable to complete operation on port ${port.id} for network ${network.id}. Port already has an attached device ${router.id}.`,
      detail: '',
    });
    const mismatch = await routerAction(net, router.id, 'remove_router_interface', {
      port_id: port.id,
      subnet_id: other.id,
    });
    assert.equal(mismatch.statusCode, 400);
    assert.equal(mismatch.json().NeutronError.type, 'SubnetMismatchForPort');
    const removed = await routerAction(net, router.id, 'remove_router_interface', { port_id: port.id });
    assert.equal(removed.statusCode, 200);
    assert.equal(
      (await net.request('GET', `/ports/${port.id}`)).statusCode,
      404,
      'upstream deletes the port',
    );
  });

  test('removing an interface the router does not have is not found', async () => {
    const { subnet } = await networkWithSubnet(net, { cidr: nextCidr() });
    const router = await createRouter(net);
    const bySubnet = await routerAction(net, router.id, 'remove_router_interface', { subnet_id: subnet.id });
    assert.equal(bySubnet.statusCode, 404);
    assert.deepEqual(bySubnet.json().NeutronError, {
      type: 'RouterInterfaceNotFoundForSubnet',
      message: `Router ${router.id} has no interface on subnet ${subnet.id}`,
      detail: '',
    });
    const byPort = await routerAction(net, router.id, 'remove_router_interface', { port_id: subnet.id });
    assert.equal(byPort.statusCode, 404);
    assert.equal(
      byPort.json().NeutronError.message,
      `Router ${router.id} does not have an interface with id ${subnet.id}`,
    );
  });

  test('IPv6 subnets of one network share one router port', async () => {
    const { network, subnet } = await networkWithSubnet(net, {
      cidr: '2001:db8:1::/64',
      ipVersion: 6,
      subnet: { ipv6_ra_mode: 'slaac', ipv6_address_mode: 'slaac' },
    });
    const { subnet: second } = await net.json('POST', '/subnets', 201, {
      body: {
        subnet: {
          network_id: network.id,
          cidr: '2001:db8:2::/64',
          ip_version: 6,
          ipv6_ra_mode: 'slaac',
          ipv6_address_mode: 'slaac',
        },
      },
    });
    const router = await createRouter(net);
    const first = (
      await routerAction(net, router.id, 'add_router_interface', { subnet_id: subnet.id })
    ).json();
    const next = (
      await routerAction(net, router.id, 'add_router_interface', { subnet_id: second.id })
    ).json();
    assert.equal(next.port_id, first.port_id);
    const { port } = await net.json('GET', `/ports/${first.port_id}`, 200);
    assert.deepEqual(
      port.fixed_ips.map((ip: { subnet_id: string }) => ip.subnet_id),
      [subnet.id, second.id],
    );
    await routerAction(net, router.id, 'remove_router_interface', { subnet_id: subnet.id });
    const { port: remaining } = await net.json('GET', `/ports/${first.port_id}`, 200);
    assert.deepEqual(remaining.fixed_ips, [{ subnet_id: second.id, ip_address: second.gateway_ip }]);
  });
});
