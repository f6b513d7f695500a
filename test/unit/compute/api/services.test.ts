import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';
import { ServiceRegistry, type ServiceRow } from '../../../../src/compute/services/service-registry.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Tempest's list_services required keys (v2_1), plus forced_down from v2_11. */
const TEMPEST_21 = ['binary', 'disabled_reason', 'host', 'id', 'state', 'status', 'updated_at', 'zone'];
const TEMPEST_211 = [...TEMPEST_21, 'forced_down'].sort();

describe('os-services', () => {
  let compute: ComputeTestApp;
  let compute1: ServiceRow;
  let scheduler: ServiceRow;
  let now = T0;
  before(async () => {
    compute = await computeTestApp();
    compute.deps.now = () => now;
    const registry = new ServiceRegistry(compute.db);
    compute1 = await registry.register('compute1', 'nova-compute', T0);
    await registry.heartbeat('compute1', 'nova-compute', later(10));
    scheduler = await registry.register('controller', 'nova-scheduler', T0);
    await registry.register('compute2', 'nova-compute', T0);
    await registry.heartbeat('compute2', 'nova-compute', later(10));
    now = later(65);
  });
  after(() => compute.close());

  const put = (path: string, body: unknown, version = '2.1', caller = 'admin') =>
    compute.request('PUT', `/os-services/${path}`, { body, version, caller });

  test('list at 2.1: integer ids, zones, state from the heartbeat, Nova-style times', async () => {
    const response = await compute.request('GET', '/os-services');
    assert.equal(response.statusCode, 200);
    const services = response.json().services;
    assert.deepEqual(services[0], {
      binary: 'nova-compute',
      host: 'compute1',
      id: compute1.id,
      zone: 'nova',
      status: 'enabled',
      state: 'up',
      updated_at: '2026-01-01T00:00:10.000000',
      disabled_reason: null,
    });
    for (const service of services) assert.deepEqual(Object.keys(service).sort(), TEMPEST_21);
    // The scheduler never heartbeat: 65 s after creation it is down, and has no updated_at.
    assert.deepEqual(
      { zone: services[1].zone, state: services[1].state, updated_at: services[1].updated_at },
      { zone: 'internal', state: 'down', updated_at: null },
    );
  });

  test('forced_down from 2.11; uuids for ids from 2.53', async () => {
    const at211 = (await compute.request('GET', '/os-services', { version: '2.11' })).json().services;
    for (const service of at211) assert.deepEqual(Object.keys(service).sort(), TEMPEST_211);
    assert.equal(at211[0].forced_down, false);
    assert.equal(at211[0].id, compute1.id);
    const at253 = (await compute.request('GET', '/os-services', { version: '2.53' })).json().services;
    assert.equal(at253[0].id, compute1.uuid);
  });

  test('filters by host and binary', async () => {
    const byHost = await compute.request('GET', '/os-services?host=controller');
    assert.deepEqual(
      byHost.json().services.map((s: { binary: string }) => s.binary),
      ['nova-scheduler'],
    );
    const byBinary = await compute.request('GET', '/os-services?binary=nova-compute');
    assert.deepEqual(
      byBinary.json().services.map((s: { host: string }) => s.host),
      ['compute1', 'compute2'],
    );
    const unknown = await compute.request('GET', '/os-services?bogus=1', { version: '2.75' });
    assert.equal(unknown.statusCode, 400);
    assert.equal(
      unknown.json().badRequest.message,
      "Additional properties are not allowed ('bogus' was unexpected)",
    );
  });

  test('a member may not list, update or delete services', async () => {
    const refusals = [
      [await compute.request('GET', '/os-services', { caller: 'member' }), 'list'],
      [await put('disable', { host: 'compute1', binary: 'nova-compute' }, '2.1', 'member'), 'update'],
      [await compute.request('DELETE', `/os-services/${compute1.id}`, { caller: 'member' }), 'delete'],
    ] as const;
    for (const [response, action] of refusals) {
      assert.equal(response.statusCode, 403);
      assert.deepEqual(response.json(), {
        forbidden: {
          code: 403,
          message: `Policy doesn't allow os_compute_api:os-services:${action} to be performed.`,
        },
      });
    }
  });

  test('disable, disable with a reason, enable (the action forms)', async () => {
    const target = { host: 'compute2', binary: 'nova-compute' };
    const disabled = await put('disable', target);
    assert.deepEqual(disabled.json(), { service: { ...target, status: 'disabled' } });
    const logged = await put('disable-log-reason', { ...target, disabled_reason: 'maintenance' });
    assert.deepEqual(logged.json(), {
      service: { ...target, status: 'disabled', disabled_reason: 'maintenance' },
    });
    const listed = (await compute.request('GET', '/os-services?host=compute2')).json().services[0];
    assert.deepEqual([listed.status, listed.disabled_reason], ['disabled', 'maintenance']);
    assert.equal(listed.updated_at, '2026-01-01T00:01:05.000000');
    assert.deepEqual((await put('enable', target)).json(), { service: { ...target, status: 'enabled' } });
    const enabled = (await compute.request('GET', '/os-services?host=compute2')).json().services[0];
    assert.deepEqual([enabled.status, enabled.disabled_reason], ['enabled', null]);
  });

  test('action form errors are Nova’s', async () => {
    const cases: [Awaited<ReturnType<typeof put>>, number, string][] = [
      [
        await put('disable-log-reason', { host: 'compute2', binary: 'nova-compute' }),
        400,
        'Missing disabled reason field',
      ],
      [
        await put('disable', { host: 'controller', binary: 'nova-scheduler' }),
        400,
        'Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.',
      ],
      [
        await put('disable', { host: 'nowhere', binary: 'nova-compute' }),
        404,
        "Host 'nowhere' is not mapped to any cell",
      ],
      [await put('reboot', { host: 'compute2', binary: 'nova-compute' }), 404, 'Unknown action'],
      [await put('force-down', { host: 'compute2', binary: 'nova-compute' }), 404, 'Unknown action'],
      [await put('disable', { host: 'compute2' }), 400, "'binary' is a required property"],
      [
        await put('disable', { host: 'compute2', binary: 'nova-compute', forced_down: true }),
        400,
        "Additional properties are not allowed ('forced_down' was unexpected)",
      ],
      [
        await put('force-down', { host: 'compute2', binary: 'nova-compute' }, '2.11'),
        400,
        'Missing forced_down field',
      ],
    ];
    for (const [response, status, message] of cases) {
      assert.equal(response.statusCode, status, message);
      assert.equal(Object.values(response.json() as Record<string, { message: string }>)[0].message, message);
    }
    const badHost = await put('disable', { host: 'no spaces', binary: 'nova-compute' });
    assert.equal(badHost.statusCode, 400);
  });

  test('force-down from 2.11 makes the service down', async () => {
    const target = { host: 'compute1', binary: 'nova-compute' };
    const response = await put('force-down', { ...target, forced_down: true }, '2.11');
    assert.deepEqual(response.json(), { service: { ...target, forced_down: true } });
    const listed = (await compute.request('GET', '/os-services?host=compute1', { version: '2.11' })).json();
    assert.deepEqual([listed.services[0].state, listed.services[0].forced_down], ['down', true]);
    await put('force-down', { ...target, forced_down: 'false' }, '2.11');
  });

  test('from 2.53, PUT /os-services/{uuid} updates and answers the full service', async () => {
    const response = await put(
      compute1.uuid,
      { status: 'disabled', disabled_reason: 'rack 4', forced_down: true },
      '2.53',
    );
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      service: {
        binary: 'nova-compute',
        host: 'compute1',
        id: compute1.uuid,
        zone: 'nova',
        status: 'disabled',
        state: 'down',
        updated_at: '2026-01-01T00:01:05.000000',
        disabled_reason: 'rack 4',
        forced_down: true,
      },
    });
    const back = await put(compute1.uuid, { status: 'enabled', forced_down: false }, '2.53');
    assert.deepEqual(
      [back.json().service.status, back.json().service.disabled_reason, back.json().service.state],
      ['enabled', null, 'up'],
    );
  });

  test('2.53 update errors are Nova’s', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const cases: [Awaited<ReturnType<typeof put>>, number, string][] = [
      [await put('disable', { status: 'disabled' }, '2.53'), 400, 'Invalid uuid disable'],
      [await put(missing, { status: 'disabled' }, '2.53'), 404, `Service ${missing} could not be found.`],
      [
        await put(compute1.uuid, { status: 'enabled', disabled_reason: 'why' }, '2.53'),
        400,
        "Specifying 'disabled_reason' with status 'enabled' is invalid.",
      ],
      [
        await put(compute1.uuid, {}, '2.53'),
        400,
        "No updates were requested. Fields 'status' or 'forced_down' should be specified.",
      ],
      [
        await put(compute1.uuid, { host: 'compute1', status: 'enabled' }, '2.53'),
        400,
        "Additional properties are not allowed ('host' was unexpected)",
      ],
      [
        await put(scheduler.uuid, { status: 'disabled' }, '2.53'),
        400,
        'Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.',
      ],
    ];
    for (const [response, status, message] of cases) {
      assert.equal(response.statusCode, status, message);
      assert.equal(Object.values(response.json() as Record<string, { message: string }>)[0].message, message);
    }
    assert.equal((await put(compute1.uuid, { status: 'paused' }, '2.53')).statusCode, 400);
    assert.equal((await put(compute1.uuid, { forced_down: 'maybe' }, '2.53')).statusCode, 400);
  });

  test('delete by integer id before 2.53 and by uuid from 2.53', async () => {
    const registry = new ServiceRegistry(compute.db);
    const conductor = await registry.register('controller', 'nova-conductor', T0);
    const bad = await compute.request('DELETE', '/os-services/abc');
    assert.deepEqual(bad.json(), {
      badRequest: { code: 400, message: 'Invalid input received: id must be an integer' },
    });
    assert.equal(
      (await compute.request('DELETE', '/os-services/9999')).json().itemNotFound.message,
      'Service 9999 not found.',
    );
    assert.equal(
      (await compute.request('DELETE', `/os-services/${conductor.id}`, { version: '2.53' })).json().badRequest
        .message,
      `Invalid uuid ${conductor.id}`,
    );
    assert.equal((await compute.request('DELETE', `/os-services/${conductor.id}`)).statusCode, 204);
    const scheduler2 = await registry.register('controller2', 'nova-scheduler', T0);
    const byUuid = await compute.request('DELETE', `/os-services/${scheduler2.uuid}`, { version: '2.53' });
    assert.equal(byUuid.statusCode, 204);
    assert.equal(await registry.find('controller2', 'nova-scheduler'), undefined);
  });
});
