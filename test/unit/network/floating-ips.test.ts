import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  checkFloatingIpAddressKept,
  disassociateFloatingIpsOfPort,
} from '../../../src/network/floating-ips/port-hooks.js';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';
import {
  createPort,
  createRouter,
  networkWithSubnet,
  routerAction,
  type NetworkWithSubnet,
  type Body,
} from './routers-fixtures.js';

describe('floating IPs', () => {
  let net: NetworkTestApp;
  let external: NetworkWithSubnet;
  let internal: NetworkWithSubnet;
  let router: Body;
  before(async () => {
    net = await networkTestApp();
    external = await networkWithSubnet(net, { external: true, cidr: '172.24.4.0/24' });
    internal = await networkWithSubnet(net, { cidr: '10.0.0.0/24' });
    router = await createRouter(net, { external_gateway_info: { network_id: external.network.id } });
    await routerAction(net, router.id, 'add_router_interface', { subnet_id: internal.subnet.id });
  });
  after(() => net.close());

  const create = (body: Record<string, unknown>, caller = 'member') =>
    net.request('POST', '/floatingips', {
      caller,
      body: { floatingip: { floating_network_id: external.network.id, ...body } },
    });

  test('an unassociated floating IP takes an external address and is DOWN', async () => {
    const response = await create({ description: 'spare' });
    assert.equal(response.statusCode, 201);
    const { floatingip } = response.json();
    assert.equal(floatingip.status, 'DOWN');
    assert.equal(floatingip.floating_network_id, external.network.id);
    assert.match(floatingip.floating_ip_address, /^172\.24\.4\.\d+$/);
    assert.equal(floatingip.port_id, null);
    assert.equal(floatingip.fixed_ip_address, null);
    assert.equal(floatingip.router_id, null);
    assert.equal(floatingip.port_details, null);
    assert.equal(floatingip.description, 'spare');
    assert.equal(floatingip.project_id, PROJECTS.one);
    assert.equal('subnet_id' in floatingip, false, 'subnet_id is input only');
    assert.equal('floating_port_id' in floatingip, false);
    const { ports } = await net.json('GET', `/ports?device_id=${floatingip.id}`, 200, { caller: 'admin' });
    assert.equal(ports.length, 1);
    assert.equal(ports[0].device_owner, 'network:floatingip');
    assert.equal(ports[0].fixed_ips[0].ip_address, floatingip.floating_ip_address);
  });

  test('associating points it at the port through the router and makes it ACTIVE', async () => {
    const port = await createPort(net, internal.network.id);
    const { floatingip } = (await create({ port_id: port.id })).json();
    assert.equal(floatingip.port_id, port.id);
    assert.equal(floatingip.fixed_ip_address, port.fixed_ips[0].ip_address);
    assert.equal(floatingip.router_id, router.id);
    assert.equal(floatingip.status, 'ACTIVE');
    assert.equal(floatingip.port_details.network_id, internal.network.id);
    assert.equal(floatingip.port_details.mac_address, port.mac_address);
    const second = await createPort(net, internal.network.id);
    const moved = await net.json('PUT', `/floatingips/${floatingip.id}`, 200, {
      body: { floatingip: { port_id: second.id } },
    });
    assert.equal(moved.floatingip.port_id, second.id);
    assert.equal(moved.floatingip.fixed_ip_address, second.fixed_ips[0].ip_address);
    const cleared = await net.json('PUT', `/floatingips/${floatingip.id}`, 200, {
      body: { floatingip: { port_id: null } },
    });
    assert.equal(cleared.floatingip.port_id, null);
    assert.equal(cleared.floatingip.fixed_ip_address, null);
    assert.equal(cleared.floatingip.router_id, null);
    assert.equal(cleared.floatingip.status, 'DOWN');
  });

  test('a floating IP comes only from an external network with an IPv4 subnet', async () => {
    const response = await net.request('POST', '/floatingips', {
      body: { floatingip: { floating_network_id: internal.network.id } },
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().NeutronError, {
      type: 'BadRequest',
      message: `Bad floatingip request: Network ${internal.network.id} is not a valid external network.`,
      detail: '',
    });
    const missing = await net.request('POST', '/floatingips', { body: { floatingip: {} } });
    assert.equal(
      missing.json().NeutronError.message,
      "Failed to parse request. Required attribute 'floating_network_id' not specified",
    );
  });

  test('a port whose subnet has no router to the external network cannot be associated', async () => {
    const isolated = await networkWithSubnet(net, { cidr: '10.50.0.0/24' });
    const port = await createPort(net, isolated.network.id);
    const response = await create({ port_id: port.id, fixed_ip_address: port.fixed_ips[0].ip_address });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json().NeutronError, {
      type: 'ExternalGatewayForFloatingIPNotFound',
      message: `External network ${external.network.id} is not reachable from subnet ${isolated.subnet.id}.  Therefore, cannot associate Port ${port.id} with a Floating IP.`,
      detail: '',
    });
  });

  test('a fixed IP takes one floating IP per external network', async () => {
    const port = await createPort(net, internal.network.id);
    await create({ port_id: port.id });
    const { floatingip } = (await create({})).json();
    const response = await net.request('PUT', `/floatingips/${floatingip.id}`, {
      body: { floatingip: { port_id: port.id } },
    });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(response.json().NeutronError, {
      type: 'FloatingIPPortAlreadyAssociated',
      message: `Cannot associate floating IP ${floatingip.floating_ip_address} (${floatingip.id}) with port ${port.id} using fixed IP ${port.fixed_ips[0].ip_address}, as that fixed IP already has a floating IP on external network ${external.network.id}.`,
      detail: '',
    });
  });

  test('association checks the fixed address and the port owner', async () => {
    const port = await createPort(net, internal.network.id);
    const alone = await create({ fixed_ip_address: '10.0.0.99' });
    assert.equal(alone.statusCode, 400);
    assert.equal(
      alone.json().NeutronError.message,
      'Bad floatingip request: fixed_ip_address cannot be specified without a port_id.',
    );
    const wrong = await create({ port_id: port.id, fixed_ip_address: '10.0.0.250' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(
      wrong.json().NeutronError.message,
      `Bad floatingip request: Port ${port.id} does not have fixed ip 10.0.0.250.`,
    );
    const theirs = await create({ port_id: port.id }, 'other');
    assert.equal(theirs.statusCode, 404, "another project's port is not found");
    assert.equal(theirs.json().NeutronError.type, 'PortNotFound');
  });

  test('only an admin picks the floating address', async () => {
    const refused = await create({ floating_ip_address: '172.24.4.200' });
    assert.equal(refused.statusCode, 403);
    assert.equal(
      refused.json().NeutronError.message,
      'create_floatingip:floating_ip_address is disallowed by policy',
    );
    const { floatingip } = (await create({ floating_ip_address: '172.24.4.200' }, 'admin')).json();
    assert.equal(floatingip.floating_ip_address, '172.24.4.200');
    const taken = await create({ floating_ip_address: '172.24.4.200' }, 'admin');
    assert.equal(taken.statusCode, 409);
  });

  test('another project neither sees nor changes a floating IP', async () => {
    const { floatingip } = (await create({})).json();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await net.request(method, `/floatingips/${floatingip.id}`, {
        caller: 'other',
        ...(method === 'PUT' ? { body: { floatingip: { description: 'x' } } } : {}),
      });
      assert.equal(response.statusCode, 404);
      assert.deepEqual(response.json().NeutronError, {
        type: 'FloatingIPNotFound',
        message: `Floating IP ${floatingip.id} could not be found`,
        detail: '',
      });
    }
    const { floatingips } = await net.json('GET', '/floatingips', 200, { caller: 'other' });
    assert.equal(
      floatingips.some((item: { id: string }) => item.id === floatingip.id),
      false,
    );
  });

  test('deleting a floating IP frees its address and port', async () => {
    const { floatingip } = (await create({})).json();
    await net.json('DELETE', `/floatingips/${floatingip.id}`, 204);
    const { ports } = await net.json('GET', `/ports?device_id=${floatingip.id}`, 200, { caller: 'admin' });
    assert.deepEqual(ports, []);
    const again = await create({ floating_ip_address: floatingip.floating_ip_address }, 'admin');
    assert.equal(again.statusCode, 201, 'the address can be taken again');
  });

  test("the port service's hook leaves a deleted port's floating IPs unassociated", async () => {
    const port = await createPort(net, internal.network.id);
    const { floatingip } = (await create({ port_id: port.id })).json();
    await net.db.transaction().execute((trx) => disassociateFloatingIpsOfPort(trx, net.deps, port.id));
    const { floatingip: shown } = await net.json('GET', `/floatingips/${floatingip.id}`, 200);
    assert.equal(shown.port_id, null);
    assert.equal(shown.fixed_ip_address, null);
    assert.equal(shown.router_id, null);
    assert.equal(shown.status, 'DOWN');
    assert.equal(shown.revision_number, floatingip.revision_number + 1);
  });

  test("a port's fixed IPs may not drop the address its floating IP points at", async () => {
    const port = await createPort(net, internal.network.id);
    await create({ port_id: port.id });
    const change = (fixedIps: { ip_address?: string; subnet_id?: string }[]) =>
      net.db.transaction().execute((trx) => checkFloatingIpAddressKept(trx, net.deps, port.id, fixedIps));
    await change([{ ip_address: port.fixed_ips[0].ip_address }, { subnet_id: internal.subnet.id }]);
    await assert.rejects(change([{ subnet_id: internal.subnet.id }]), {
      status: 400,
      message: `Bad port request: Cannot update the fixed_ips of the port ${port.id}, because its original fixed_ip has been associated to a floating ip.`,
    });
  });

  test('the router keeps the interface and gateway its floating IPs need', async () => {
    const port = await createPort(net, internal.network.id);
    const { floatingip } = (await create({ port_id: port.id })).json();
    const response = await routerAction(net, router.id, 'remove_router_interface', {
      subnet_id: internal.subnet.id,
    });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(response.json().NeutronError, {
      type: 'RouterInterfaceInUseByFloatingIP',
      message: `Router interface for subnet ${internal.subnet.id} on router ${router.id} cannot be deleted, as it is required by one or more floating IPs.`,
      detail: '',
    });
    const gateway = await net.request('PUT', `/routers/${router.id}`, {
      body: { router: { external_gateway_info: null } },
    });
    assert.equal(gateway.statusCode, 409);
    assert.equal(gateway.json().NeutronError.type, 'RouterExternalGatewayInUseByFloatingIp');
    await net.json('DELETE', `/floatingips/${floatingip.id}`, 204);
  });
});
