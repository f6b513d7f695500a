import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';

/** Tempest's list_services keys: the required ones and those it allows. */
const REQUIRED = ['binary', 'disabled_reason', 'host', 'state', 'status', 'updated_at', 'zone'];
const ALLOWED = [
  ...REQUIRED,
  'frozen',
  'replication_status',
  'active_backend_id',
  'backend_state',
  'cluster',
];

type Service = Record<string, unknown>;

describe('os-services', () => {
  let cinder: BlockStorageTestApp;
  before(async () => {
    cinder = await blockStorageTestApp();
  });
  after(() => cinder.close());

  const list = async (query = '', microversion?: string): Promise<Service[]> =>
    (await cinder.json('GET', `/os-services${query}`, 200, { caller: 'admin', microversion })).services;

  test('admins list the scheduler and the volume service of each backend, up', async () => {
    const services = await list();
    assert.deepEqual(services.map((service) => [service.binary, service.host]).sort(), [
      ['cinder-scheduler', 'testhost'],
      ['cinder-volume', 'testhost@fake'],
    ]);
    for (const service of services) {
      for (const key of REQUIRED) assert.ok(key in service, key);
      for (const key of Object.keys(service)) assert.ok(ALLOWED.includes(key), key);
      assert.equal(service.state, 'up');
      assert.equal(service.status, 'enabled');
      assert.equal(service.zone, 'nova');
      assert.equal(service.disabled_reason, null);
      assert.match(String(service.updated_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    }
    const volume = services.find((service) => service.binary === 'cinder-volume')!;
    assert.equal(volume.frozen, false);
    assert.equal(volume.replication_status, 'disabled');
    assert.equal(volume.active_backend_id, null);
    const refused = await cinder.request('GET', '/os-services');
    assert.equal(refused.statusCode, 403);
    assert.equal(
      refused.json().forbidden.message,
      "Policy doesn't allow volume_extension:services:index to be performed.",
    );
  });

  test('cluster from 3.7, backend_state of volume services from 3.49', async () => {
    assert.ok(!('cluster' in (await list())[0]!));
    const services = await list('', '3.49');
    for (const service of services) {
      assert.equal(service.cluster, null);
      assert.equal('backend_state' in service, service.binary === 'cinder-volume');
    }
    assert.equal(services.find((service) => service.binary === 'cinder-volume')!.backend_state, 'up');
  });

  test('filters by host (a host matches its backends) and binary', async () => {
    assert.equal((await list('?host=testhost')).length, 2);
    assert.deepEqual(
      (await list('?host=testhost&binary=cinder-volume')).map((service) => service.host),
      ['testhost@fake'],
    );
    assert.equal((await list('?host=testhost@fake')).length, 1);
    assert.equal((await list('?host=elsewhere')).length, 0);
  });

  test('a service whose heartbeat is older than service_down_time is down', async () => {
    const old = new Date(Date.now() - (cinder.deps.settings.service_down_time + 5) * 1000).toISOString();
    await cinder.db
      .updateTable('services')
      .set({ heartbeat_at: old })
      .where('binary', '=', 'cinder-scheduler')
      .execute();
    const scheduler = (await list('?binary=cinder-scheduler'))[0]!;
    assert.equal(scheduler.state, 'down');
    assert.equal(scheduler.updated_at, `${old.slice(0, 19)}.${old.slice(20, 23)}000`);
    await cinder.db
      .updateTable('services')
      .set({ heartbeat_at: new Date().toISOString() })
      .where('binary', '=', 'cinder-scheduler')
      .execute();
  });

  test('disable with a reason, then enable, which clears it', async () => {
    const disabled = await cinder.json('PUT', '/os-services/disable-log-reason', 200, {
      caller: 'admin',
      body: { host: 'testhost', binary: 'cinder-volume', disabled_reason: 'disk swap' },
    });
    assert.deepEqual(disabled, {
      disabled: true,
      disabled_reason: 'disk swap',
      host: 'testhost',
      service: '',
      binary: 'cinder-volume',
      status: 'disabled',
    });
    const volume = (await list('?binary=cinder-volume'))[0]!;
    assert.equal(volume.status, 'disabled');
    assert.equal(volume.disabled_reason, 'disk swap');
    const enabled = await cinder.json('PUT', '/os-services/enable', 200, {
      caller: 'admin',
      body: { host: 'testhost@fake', binary: 'cinder-volume' },
    });
    assert.deepEqual(enabled, {
      disabled: false,
      disabled_reason: null,
      host: 'testhost@fake',
      service: '',
      binary: 'cinder-volume',
      status: 'enabled',
    });
    assert.equal((await list('?binary=cinder-volume'))[0]!.disabled_reason, null);
    const disabledAgain = await cinder.json('PUT', '/os-services/disable', 200, {
      caller: 'admin',
      body: { host: 'testhost', service: 'cinder-scheduler' },
    });
    assert.equal(disabledAgain.service, 'cinder-scheduler');
    assert.equal(disabledAgain.binary, '');
    assert.ok(!('disabled_reason' in disabledAgain));
    assert.equal((await list('?binary=cinder-scheduler'))[0]!.status, 'disabled');
    await cinder.json('PUT', '/os-services/enable', 200, {
      caller: 'admin',
      body: { host: 'testhost', binary: 'cinder-scheduler' },
    });
  });

  test('bad updates: unknown action or service, no host, members', async () => {
    const put = (action: string, body: unknown, caller = 'admin') =>
      cinder.request('PUT', `/os-services/${action}`, { caller, body });
    let response = await put('reboot', { host: 'testhost', binary: 'cinder-volume' });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().badRequest.message, 'Invalid input received: Unknown action');
    response = await put('disable', { binary: 'cinder-volume' });
    assert.equal(response.json().badRequest.message, 'Invalid input received: Host field is missing.');
    response = await put('disable', { host: 'nowhere', binary: 'cinder-volume' });
    assert.equal(response.statusCode, 404);
    assert.equal(
      response.json().itemNotFound.message,
      'Service cinder-volume could not be found on host nowhere.',
    );
    response = await put('disable', { host: 'testhost' });
    assert.equal(response.statusCode, 400);
    response = await put('disable', { host: 'testhost', binary: 'cinder-volume', extra: 1 });
    assert.equal(response.statusCode, 400);
    response = await put('disable', { host: 'testhost', binary: 'cinder-volume' }, 'member');
    assert.equal(response.statusCode, 403);
  });
});
