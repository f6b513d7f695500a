import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';
import { createRouter, networkWithSubnet, type NetworkWithSubnet } from './routers-fixtures.js';

describe('routers', () => {
  let net: NetworkTestApp;
  let external: NetworkWithSubnet;
  before(async () => {
    net = await networkTestApp();
    external = await networkWithSubnet(net, { external: true, cidr: '172.24.4.0/24' });
  });
  after(() => net.close());

  test('a member creates a router with the defaults Neutron shows', async () => {
    const router = await createRouter(net, { name: 'r1' });
    assert.equal(router.name, 'r1');
    assert.equal(router.status, 'ACTIVE');
    assert.equal(router.admin_state_up, true);
    assert.equal(router.external_gateway_info, null);
    assert.deepEqual(router.routes, []);
    assert.deepEqual(router.availability_zone_hints, []);
    assert.deepEqual(router.availability_zones, ['nova']);
    assert.equal(router.project_id, PROJECTS.one);
    assert.equal(router.tenant_id, PROJECTS.one);
    assert.equal(router.description, '');
    assert.equal(router.revision_number, 1);
    assert.equal('distributed' in router, false, 'distributed is shown to admins only');
    assert.equal('ha' in router, false, 'ha is shown to admins only');
    assert.equal('gw_port_id' in router, false);
    const { router: shown } = await net.json('GET', `/routers/${router.id}`, 200, { caller: 'admin' });
    assert.equal(shown.distributed, false);
    assert.equal(shown.ha, false);
  });

  test('a gateway is a port on the external network, with SNAT on by default', async () => {
    const router = await createRouter(net, { external_gateway_info: { network_id: external.network.id } });
    const info = router.external_gateway_info;
    assert.equal(info.network_id, external.network.id);
    assert.equal(info.enable_snat, true);
    assert.equal(info.external_fixed_ips.length, 1);
    assert.equal(info.external_fixed_ips[0].subnet_id, external.subnet.id);
    const { ports } = await net.json(
      'GET',
      `/ports?device_id=${router.id}&device_owner=network:router_gateway`,
      200,
      { caller: 'admin' },
    );
    assert.equal(ports.length, 1);
    assert.equal(ports[0].network_id, external.network.id);
    assert.equal(ports[0].project_id, '', 'the gateway port belongs to no project, as upstream hides it');
    assert.deepEqual(ports[0].fixed_ips, info.external_fixed_ips);
  });

  test('clearing the gateway removes its port; setting it again makes a new one', async () => {
    const router = await createRouter(net, { external_gateway_info: { network_id: external.network.id } });
    const cleared = await net.json('PUT', `/routers/${router.id}`, 200, {
      body: { router: { external_gateway_info: {} } },
    });
    assert.equal(cleared.router.external_gateway_info, null);
    const { ports } = await net.json('GET', `/ports?device_id=${router.id}`, 200, { caller: 'admin' });
    assert.deepEqual(ports, []);
    const set = await net.json('PUT', `/routers/${router.id}`, 200, {
      body: { router: { external_gateway_info: { network_id: external.network.id } } },
    });
    assert.equal(set.router.external_gateway_info.network_id, external.network.id);
  });

  test('a gateway on a network that is not external is refused with upstream message', async () => {
    const internal = await networkWithSubnet(net, { cidr: '10.9.0.0/24' });
    const router = await createRouter(net);
    const response = await net.request('PUT', `/routers/${router.id}`, {
      body: { router: { external_gateway_info: { network_id: internal.network.id } } },
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().NeutronError, {
      type: 'BadRequest',
      message: `Bad router request: Network ${internal.network.id} is not an external network.`,
      detail: '',
    });
  });

  test('a gateway on an unknown network is not found', async () => {
    const router = await createRouter(net);
    const response = await net.request('PUT', `/routers/${router.id}`, {
      body: { router: { external_gateway_info: { network_id: router.id } } },
    });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().NeutronError.type, 'NetworkNotFound');
    assert.equal(response.json().NeutronError.message, `Network ${router.id} could not be found.`);
  });

  test('only an admin chooses SNAT or the gateway addresses', async () => {
    const body = {
      router: { external_gateway_info: { network_id: external.network.id, enable_snat: false } },
    };
    const refused = await net.request('POST', '/routers', { body });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().NeutronError.type, 'PolicyNotAuthorized');
    const fixed = await net.request('POST', '/routers', {
      body: {
        router: {
          external_gateway_info: {
            network_id: external.network.id,
            external_fixed_ips: [{ ip_address: '172.24.4.50' }],
          },
        },
      },
    });
    assert.equal(fixed.statusCode, 403);
    const { router } = await net.json('POST', '/routers', 201, { caller: 'admin', body });
    assert.equal(router.external_gateway_info.enable_snat, false);
    const update = await net.request('PUT', `/routers/${(await createRouter(net)).id}`, { body });
    assert.equal(update.statusCode, 403);
    assert.equal(
      update.json().NeutronError.message,
      'update_router:external_gateway_info:enable_snat is disallowed by policy',
    );
    const pinned = await net.json('POST', '/routers', 201, {
      caller: 'admin',
      body: {
        router: {
          external_gateway_info: {
            network_id: external.network.id,
            external_fixed_ips: [{ ip_address: '172.24.4.50' }],
          },
        },
      },
    });
    assert.equal(pinned.router.external_gateway_info.external_fixed_ips[0].ip_address, '172.24.4.50');
  });

  test('an admin re-addresses the gateway in place, or moves it to another external network', async () => {
    const router = await createRouter(
      net,
      { external_gateway_info: { network_id: external.network.id } },
      'admin',
    );
    const portId = async () =>
      (await net.json('GET', `/ports?device_id=${router.id}`, 200, { caller: 'admin' })).ports[0].id;
    const before = await portId();
    const readdressed = await net.json('PUT', `/routers/${router.id}`, 200, {
      caller: 'admin',
      body: {
        router: {
          external_gateway_info: {
            network_id: external.network.id,
            external_fixed_ips: [{ ip_address: '172.24.4.77' }],
          },
        },
      },
    });
    assert.deepEqual(readdressed.router.external_gateway_info.external_fixed_ips, [
      { subnet_id: external.subnet.id, ip_address: '172.24.4.77' },
    ]);
    assert.equal(await portId(), before, 'the same port, re-addressed');
    const other = await networkWithSubnet(net, { external: true, cidr: '198.51.100.0/24' });
    const moved = await net.json('PUT', `/routers/${router.id}`, 200, {
      caller: 'admin',
      body: { router: { external_gateway_info: { network_id: other.network.id } } },
    });
    assert.equal(moved.router.external_gateway_info.network_id, other.network.id);
    assert.notEqual(await portId(), before);
  });

  test("a gateway address may not be the external subnet's gateway", async () => {
    const response = await net.request('POST', '/routers', {
      caller: 'admin',
      body: {
        router: {
          external_gateway_info: {
            network_id: external.network.id,
            external_fixed_ips: [{ ip_address: '172.24.4.1' }],
          },
        },
      },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json().NeutronError.message,
      'Bad router request: External IP 172.24.4.1 is the same as the gateway IP.',
    );
  });

  test('malformed gateway info gets neutron-lib messages', async () => {
    const cases: [unknown, string][] = [
      ['public', "Invalid input for external_gateway_info. Reason: 'public' is not a dictionary."],
      [
        { network_id: external.network.id, colour: 'red' },
        'Invalid input for external_gateway_info. Reason: Unexpected keys supplied: colour.',
      ],
      [
        { network_id: 'nope' },
        "Invalid input for external_gateway_info. Reason: 'nope' is not a valid UUID.",
      ],
    ];
    for (const [info, message] of cases) {
      const response = await net.request('POST', '/routers', {
        body: { router: { external_gateway_info: info } },
      });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().NeutronError.message, message);
    }
  });

  test('another project neither sees nor changes a router', async () => {
    const router = await createRouter(net, { name: 'mine' });
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { router: { name: 'theirs' } }],
      ['DELETE', undefined],
    ] as const) {
      const response = await net.request(method, `/routers/${router.id}`, { caller: 'other', body });
      assert.equal(response.statusCode, 404);
      assert.deepEqual(response.json().NeutronError, {
        type: 'RouterNotFound',
        message: `Router ${router.id} could not be found`,
        detail: '',
      });
    }
    const { routers } = await net.json('GET', '/routers', 200, { caller: 'other' });
    assert.equal(
      routers.some((item: { id: string }) => item.id === router.id),
      false,
    );
    const action = await net.request('PUT', `/routers/${router.id}/add_router_interface`, {
      caller: 'other',
      body: { subnet_id: external.subnet.id },
    });
    assert.equal(action.statusCode, 404);
    assert.equal(action.json().NeutronError.type, 'RouterNotFound');
  });

  test('an admin creates a router for another project', async () => {
    const router = await createRouter(net, { project_id: PROJECTS.two }, 'admin');
    assert.equal(router.project_id, PROJECTS.two);
    await net.json('GET', `/routers/${router.id}`, 200, { caller: 'other' });
  });

  test('DVR and HA are admin-only and not offered', async () => {
    const member = await net.request('POST', '/routers', { body: { router: { distributed: true } } });
    assert.equal(member.statusCode, 403);
    assert.equal(member.json().NeutronError.message, 'create_router:distributed is disallowed by policy');
    const admin = await net.request('POST', '/routers', { caller: 'admin', body: { router: { ha: true } } });
    assert.equal(admin.statusCode, 400);
    const legacy = await createRouter(net, { distributed: false, ha: 'false' }, 'admin');
    assert.equal(legacy.distributed, false);
    assert.equal(legacy.ha, false);
  });

  test('availability zone hints must name a zone', async () => {
    const router = await createRouter(net, { availability_zone_hints: ['nova'] });
    assert.deepEqual(router.availability_zone_hints, ['nova']);
    const unknown = await net.request('POST', '/routers', {
      body: { router: { availability_zone_hints: ['mars'] } },
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().NeutronError.message, 'AvailabilityZone mars could not be found.');
  });

  test('updates change name and state and bump the revision; delete removes the gateway port', async () => {
    const router = await createRouter(net, { external_gateway_info: { network_id: external.network.id } });
    const { router: updated } = await net.json('PUT', `/routers/${router.id}`, 200, {
      body: { router: { name: 'renamed', admin_state_up: false } },
    });
    assert.equal(updated.name, 'renamed');
    assert.equal(updated.admin_state_up, false);
    assert.equal(updated.revision_number, router.revision_number + 1);
    assert.equal(updated.external_gateway_info.network_id, external.network.id);
    const readOnly = await net.request('PUT', `/routers/${router.id}`, {
      body: { router: { status: 'DOWN' } },
    });
    assert.equal(readOnly.json().NeutronError.message, 'Cannot update read-only attribute status');
    await net.json('DELETE', `/routers/${router.id}`, 204);
    const { ports } = await net.json('GET', `/ports?device_id=${router.id}`, 200, { caller: 'admin' });
    assert.deepEqual(ports, []);
    const gone = await net.request('GET', `/routers/${router.id}`);
    assert.equal(gone.statusCode, 404);
  });
});
