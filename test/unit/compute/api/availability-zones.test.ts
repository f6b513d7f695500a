import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';
import { ServiceRegistry } from '../../../../src/compute/services/service-registry.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');

describe('os-availability-zone', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp();
    compute.deps.now = () => new Date(T0.getTime() + 30_000);
    const registry = new ServiceRegistry(compute.db);
    for (const host of ['compute1', 'compute2', 'compute3'])
      await registry.register(host, 'nova-compute', T0);
    await registry.heartbeat('compute1', 'nova-compute', T0);
    await registry.register('controller', 'nova-scheduler', T0);
    const created = await compute.request('POST', '/os-aggregates', {
      body: { aggregate: { name: 'rack1', availability_zone: 'az1' } },
    });
    const id = created.json().aggregate.id;
    await compute.request('POST', `/os-aggregates/${id}/action`, {
      body: { add_host: { host: 'compute1' } },
    });
    // An aggregate zone without hosts lists nowhere, as zones come from services.
    await compute.request('POST', '/os-aggregates', {
      body: { aggregate: { name: 'empty', availability_zone: 'az2' } },
    });
    // compute3 is disabled and alone in az3, which is then not available.
    const az3 = await compute.request('POST', '/os-aggregates', {
      body: { aggregate: { name: 'rack3', availability_zone: 'az3' } },
    });
    await compute.request('POST', `/os-aggregates/${az3.json().aggregate.id}/action`, {
      body: { add_host: { host: 'compute3' } },
    });
    await compute.request('PUT', '/os-services/disable', {
      body: { host: 'compute3', binary: 'nova-compute' },
    });
  });
  after(() => compute.close());

  test('any caller lists the zones without the internal one', async () => {
    const response = await compute.request('GET', '/os-availability-zone', { caller: 'member' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      availabilityZoneInfo: [
        { zoneName: 'az1', zoneState: { available: true }, hosts: null },
        { zoneName: 'nova', zoneState: { available: true }, hosts: null },
        { zoneName: 'az3', zoneState: { available: false }, hosts: null },
      ],
    });
  });

  test('detail (admin) shows each available zone’s hosts and enabled services', async () => {
    const response = await compute.request('GET', '/os-availability-zone/detail');
    assert.equal(response.statusCode, 200);
    const service = (updated_at: string | null) => ({ available: true, active: true, updated_at });
    assert.deepEqual(response.json(), {
      availabilityZoneInfo: [
        {
          zoneName: 'az1',
          zoneState: { available: true },
          hosts: { compute1: { 'nova-compute': service('2026-01-01T00:00:00.000000') } },
        },
        {
          zoneName: 'internal',
          zoneState: { available: true },
          hosts: { controller: { 'nova-scheduler': service(null) } },
        },
        {
          zoneName: 'nova',
          zoneState: { available: true },
          hosts: { compute2: { 'nova-compute': service(null) } },
        },
        { zoneName: 'az3', zoneState: { available: false }, hosts: null },
      ],
    });
    const refused = await compute.request('GET', '/os-availability-zone/detail', { caller: 'member' });
    assert.equal(refused.statusCode, 403);
    assert.equal(
      refused.json().forbidden.message,
      "Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed.",
    );
  });

  test('os-services shows a compute service in its aggregate’s zone, else nova', async () => {
    const services = (await compute.request('GET', '/os-services')).json().services;
    assert.deepEqual(
      services.map((service: { host: string; zone: string }) => [service.host, service.zone]),
      [
        ['compute1', 'az1'],
        ['compute2', 'nova'],
        ['compute3', 'az3'],
        ['controller', 'internal'],
      ],
    );
  });
});
