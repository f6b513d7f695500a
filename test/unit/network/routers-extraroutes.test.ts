import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';
import { createRouter, networkWithSubnet, routerAction, type Body } from './routers-fixtures.js';

describe('router extra routes', () => {
  let net: NetworkTestApp;
  let router: Body;
  let subnet: Body;
  before(async () => {
    net = await networkTestApp();
    ({ subnet } = await networkWithSubnet(net, { cidr: '10.1.0.0/24' }));
    router = await createRouter(net);
    await routerAction(net, router.id, 'add_router_interface', { subnet_id: subnet.id });
  });
  after(() => net.close());

  const setRoutes = (routes: unknown) =>
    net.request('PUT', `/routers/${router.id}`, { body: { router: { routes } } });

  test('routes through a connected nexthop are kept; null clears them', async () => {
    const routes = [{ destination: '192.168.0.0/16', nexthop: '10.1.0.5' }];
    const set = await setRoutes(routes);
    assert.equal(set.statusCode, 200);
    assert.deepEqual(set.json().router.routes, routes);
    const { router: shown } = await net.json('GET', `/routers/${router.id}`, 200);
    assert.deepEqual(shown.routes, routes);
    const cleared = await setRoutes(null);
    assert.deepEqual(cleared.json().router.routes, []);
  });

  test('a nexthop off the router, or the router itself, is refused with InvalidRoutes', async () => {
    const offRouter = await setRoutes([{ destination: '192.168.0.0/16', nexthop: '10.99.0.5' }]);
    assert.equal(offRouter.statusCode, 400);
    assert.deepEqual(offRouter.json().NeutronError, {
      type: 'InvalidRoutes',
      message:
        "Invalid format for routes: [{'destination': '192.168.0.0/16', 'nexthop': '10.99.0.5'}], the nexthop is not connected with router",
      detail: '',
    });
    const itself = await setRoutes([{ destination: '192.168.0.0/16', nexthop: subnet.gateway_ip }]);
    assert.equal(itself.statusCode, 400);
    assert.match(itself.json().NeutronError.message, /the nexthop is used by router$/);
  });

  test('malformed routes get neutron-lib hostroutes messages', async () => {
    const cases: [unknown, string][] = [
      ['x', "Invalid data format for hostroute: 'x'"],
      [[{ destination: '10.0.0.1/8', nexthop: '10.1.0.5' }], "'10.0.0.1/8' is not a valid CIDR"],
      [[{ destination: '127.0.0.0/8', nexthop: '10.1.0.5' }], "'127.0.0.0/8' is not a routable CIDR"],
      [[{ destination: '10.0.0.0/8', nexthop: 'gw' }], "'gw' is not a valid IP address"],
      [
        [{ destination: '10.0.0.0/8' }],
        "Validation of dictionary's keys failed. Expected keys: {'destination', 'nexthop'} Provided keys: {'destination'}",
      ],
      [
        [
          { destination: '10.0.0.0/8', nexthop: '10.1.0.5' },
          { destination: '10.0.0.0/8', nexthop: '10.1.0.5' },
        ],
        "Duplicate hostroute '{'destination': '10.0.0.0/8', 'nexthop': '10.1.0.5'}'",
      ],
    ];
    for (const [routes, reason] of cases) {
      const response = await setRoutes(routes);
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().NeutronError.message, `Invalid input for routes. Reason: ${reason}.`);
    }
  });

  test('more routes than the router_route quota are refused', async () => {
    const routes = Array.from({ length: 31 }, (_, index) => ({
      destination: `172.16.${index}.0/24`,
      nexthop: '10.1.0.5',
    }));
    const response = await setRoutes(routes);
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().NeutronError.message, "Quota exceeded for resources: ['router_route'].");
  });

  test('add_extraroutes and remove_extraroutes change the set atomically', async () => {
    await setRoutes(null);
    const a = { destination: '192.168.1.0/24', nexthop: '10.1.0.5' };
    const b = { destination: '192.168.2.0/24', nexthop: '10.1.0.6' };
    const added = await routerAction(net, router.id, 'add_extraroutes', { router: { routes: [a, b] } });
    assert.equal(added.statusCode, 200);
    assert.deepEqual(added.json().router.routes, [a, b]);
    assert.equal('ha' in added.json().router, false, 'shown as the caller may see it');
    const again = await routerAction(net, router.id, 'add_extraroutes', { router: { routes: [a] } });
    assert.deepEqual(again.json().router.routes, [a, b]);
    const removed = await routerAction(net, router.id, 'remove_extraroutes', { router: { routes: [a] } });
    assert.deepEqual(removed.json().router.routes, [b]);
    const unreachable = await routerAction(net, router.id, 'add_extraroutes', {
      router: { routes: [{ destination: '0.0.0.0/0', nexthop: '8.8.8.8' }] },
    });
    assert.equal(unreachable.statusCode, 400);
    assert.equal(unreachable.json().NeutronError.type, 'InvalidRoutes');
    const noBody = await routerAction(net, router.id, 'add_extraroutes', { routes: [a] });
    assert.equal(noBody.statusCode, 400);
  });

  test('an interface a route goes through cannot be removed', async () => {
    await setRoutes([{ destination: '192.168.0.0/16', nexthop: '10.1.0.5' }]);
    const response = await routerAction(net, router.id, 'remove_router_interface', { subnet_id: subnet.id });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(response.json().NeutronError, {
      type: 'RouterInterfaceInUseByRoute',
      message: `Router interface for subnet ${subnet.id} on router ${router.id} cannot be deleted, as it is required by one or more routes.`,
      detail: '',
    });
  });
});
