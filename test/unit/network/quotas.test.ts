import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../helpers/fixed-callers.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

const DEFAULTS = {
  network: 100,
  subnet: 100,
  subnetpool: -1,
  port: 500,
  router: 10,
  floatingip: 50,
  security_group: 10,
  security_group_rule: 100,
  rbac_policy: 10,
};

describe('quotas', () => {
  let net: NetworkTestApp;
  before(async () => {
    net = await networkTestApp();
  });
  after(() => net.close());

  test('a project reads its own quotas, their defaults and its own id; not another project', async () => {
    const own = await net.json('GET', `/quotas/${PROJECTS.one}`, 200);
    assert.deepEqual(own.quota, DEFAULTS);
    const defaults = await net.json('GET', `/quotas/${PROJECTS.one}/default`, 200);
    assert.deepEqual(defaults.quota, DEFAULTS);
    assert.deepEqual((await net.json('GET', '/quotas/tenant', 200)).tenant, { tenant_id: PROJECTS.one });
    assert.deepEqual((await net.json('GET', '/quotas/project', 200)).project, { project_id: PROJECTS.one });
    const foreign = await net.request('GET', `/quotas/${PROJECTS.two}`);
    assert.equal(foreign.statusCode, 403);
    assert.equal(foreign.json().NeutronError.type, 'PolicyNotAuthorized');
    assert.equal((await net.request('GET', '/quotas')).statusCode, 403);
    const details = await net.request('GET', `/quotas/${PROJECTS.two}/details`);
    assert.equal(details.statusCode, 403);
    assert.deepEqual(details.json().NeutronError, {
      type: 'AdminRequired',
      message:
        'User does not have admin privileges: Only admin is authorized to access quotas for another project.',
      detail: '',
    });
  });

  test('details count what the project has', async () => {
    const project = 'd3333333333333333333333333333333';
    net.as('counter', { projectId: project });
    await net.json('POST', '/networks', 201, { caller: 'counter', body: { network: { name: 'a' } } });
    await net.json('POST', '/networks', 201, { caller: 'counter', body: { network: { name: 'b' } } });
    const { quota } = await net.json('GET', `/quotas/${project}/details`, 200, { caller: 'counter' });
    assert.deepEqual(quota.network, { limit: 100, used: 2, reserved: 0 });
    assert.deepEqual(quota.router, { limit: 10, used: 0, reserved: 0 });
    const byAdmin = await net.json('GET', `/quotas/${project}/details`, 200, { caller: 'admin' });
    assert.equal(byAdmin.quota.network.used, 2);
  });

  test('an admin sets limits, lists the projects that have their own, and resets them', async () => {
    const project = 'e4444444444444444444444444444444';
    const set = await net.json('PUT', `/quotas/${project}`, 200, {
      caller: 'admin',
      body: { quota: { network: 5, port: '20', router: -1 } },
    });
    assert.deepEqual(set.quota, { ...DEFAULTS, network: 5, port: 20, router: -1 });
    const shown = await net.json('GET', `/quotas/${project}`, 200, { caller: 'admin' });
    assert.equal(shown.quota.network, 5);
    const { quotas } = await net.json('GET', '/quotas', 200, { caller: 'admin' });
    const listed = quotas.find((quota: { project_id: string }) => quota.project_id === project);
    assert.deepEqual(listed, {
      ...DEFAULTS,
      network: 5,
      port: 20,
      router: -1,
      project_id: project,
      tenant_id: project,
    });
    await net.json('DELETE', `/quotas/${project}`, 204, { caller: 'admin' });
    assert.equal((await net.json('GET', `/quotas/${project}`, 200, { caller: 'admin' })).quota.network, 100);
    const again = await net.request('DELETE', `/quotas/${project}`, { caller: 'admin' });
    assert.equal(again.statusCode, 404);
    assert.deepEqual(again.json().NeutronError, {
      type: 'TenantQuotaNotFound',
      message: `Quota for tenant ${project} could not be found.`,
      detail: '',
    });
  });

  test('limits are integers from -1, and only an admin changes them', async () => {
    const put = (quota: unknown, caller = 'admin') =>
      net.request('PUT', `/quotas/${PROJECTS.two}`, { caller, body: { quota } });
    const small = await put({ network: -2 });
    assert.equal(small.statusCode, 400);
    assert.equal(
      small.json().NeutronError.message,
      "Invalid input for network. Reason: '-2' is too small - must be at least '-1'.",
    );
    const word = await put({ subnet: 'many' });
    assert.equal(word.json().NeutronError.message, "Invalid input for operation: 'many' is not an integer.");
    const unknown = await put({ volumes: 3 });
    assert.equal(unknown.json().NeutronError.message, "Unrecognized attribute(s) 'volumes'");
    const member = await put({ network: 1 }, 'member');
    assert.equal(member.statusCode, 403);
    assert.equal((await net.request('DELETE', `/quotas/${PROJECTS.two}`)).statusCode, 403);
    assert.equal((await net.request('POST', '/quotas', { caller: 'admin', body: {} })).statusCode, 501);
  });

  test('a create past the limit is refused with OverQuota; -1 is unlimited', async () => {
    const project = 'f5555555555555555555555555555555';
    net.as('limited', { projectId: project });
    await net.json('PUT', `/quotas/${project}`, 200, { caller: 'admin', body: { quota: { network: 1 } } });
    await net.json('POST', '/networks', 201, { caller: 'limited', body: { network: { name: 'one' } } });
    const refused = await net.request('POST', '/networks', {
      caller: 'limited',
      body: { network: { name: 'two' } },
    });
    assert.equal(refused.statusCode, 409);
    assert.deepEqual(refused.json().NeutronError, {
      type: 'OverQuota',
      message: "Quota exceeded for resources: ['network'].",
      detail: '',
    });
    const bulk = await net.request('POST', '/networks', {
      caller: 'admin',
      body: { networks: [{ project_id: project }, { project_id: project }] },
    });
    assert.equal(bulk.statusCode, 409);
    await net.json('PUT', `/quotas/${project}`, 200, { caller: 'admin', body: { quota: { network: -1 } } });
    await net.json('POST', '/networks', 201, { caller: 'limited', body: { network: { name: 'two' } } });
  });

  test('check_limit refuses a limit below what is in use; without it the limit is just set', async () => {
    const project = 'a6666666666666666666666666666666';
    net.as('user6', { projectId: project });
    await net.json('POST', '/networks', 201, { caller: 'user6', body: { network: {} } });
    await net.json('POST', '/networks', 201, { caller: 'user6', body: { network: {} } });
    const checked = await net.request('PUT', `/quotas/${project}`, {
      caller: 'admin',
      body: { quota: { network: 1, check_limit: true } },
    });
    assert.equal(checked.statusCode, 400);
    assert.equal(
      checked.json().NeutronError.message,
      'Quota limit 1 for network must be greater than or equal to already used 2',
    );
    const forced = await net.json('PUT', `/quotas/${project}`, 200, {
      caller: 'admin',
      body: { quota: { network: 1, force: true } },
    });
    assert.equal(forced.quota.network, 1);
  });
});
