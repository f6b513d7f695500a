import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

const EP = '/identity/v3/OS-EP-FILTER';

describe('endpoint-project associations (OS-EP-FILTER)', () => {
  let identity: IdentityTestApp;
  let serviceId: string;
  before(async () => {
    identity = await identityTestApp();
    const service = await identity.request('POST', '/identity/v3/services', 'admin', {
      service: { type: 'image', name: 'glance' },
    });
    serviceId = service.json().service.id;
  });
  after(() => identity.close());

  const newEndpoint = async (iface = 'public') =>
    (
      await identity.request('POST', '/identity/v3/endpoints', 'admin', {
        endpoint: {
          service_id: serviceId,
          interface: iface,
          url: `http://glance/${iface}`,
          region_id: 'RegionOne',
        },
      })
    ).json().endpoint;

  test('add, check (GET and HEAD), list both ways, remove', async () => {
    const endpoint = await newEndpoint();
    const project = identity.ids.demoProject;
    const association = `${EP}/projects/${project}/endpoints/${endpoint.id}`;
    assert.equal((await identity.request('PUT', association)).statusCode, 204);
    const again = await identity.request('PUT', association);
    assert.equal(again.statusCode, 409);
    assert.equal(
      again.json().error.message,
      'Conflict occurred attempting to store project_endpoint - Duplicate entry.',
    );
    assert.equal((await identity.request('GET', association)).statusCode, 204);
    assert.equal((await identity.request('HEAD', association)).statusCode, 204);

    const endpoints = (await identity.request('GET', `${EP}/projects/${project}/endpoints`)).json().endpoints;
    assert.deepEqual(endpoints, [
      (await identity.request('GET', `/identity/v3/endpoints/${endpoint.id}`)).json().endpoint,
    ]);
    const projects = (await identity.request('GET', `${EP}/endpoints/${endpoint.id}/projects`)).json()
      .projects;
    assert.deepEqual(
      projects.map((p: { id: string }) => p.id),
      [project],
    );
    assert.equal(projects[0].links.self, `http://stratus.test/identity/v3/projects/${project}`);

    assert.equal((await identity.request('DELETE', association)).statusCode, 204);
    const checked = await identity.request('GET', association);
    assert.equal(checked.statusCode, 404);
    assert.equal(checked.json().error.message, `Endpoint ${endpoint.id} not found in project ${project}`);
    assert.equal((await identity.request('DELETE', association)).statusCode, 404);
  });

  test('the endpoint is looked up before the project', async () => {
    const endpoint = await newEndpoint();
    const noEndpoint = await identity.request('PUT', `${EP}/projects/nowhere/endpoints/nope`);
    assert.equal(noEndpoint.statusCode, 404);
    assert.equal(noEndpoint.json().error.message, 'Could not find endpoint: nope.');
    const noProject = await identity.request('PUT', `${EP}/projects/nowhere/endpoints/${endpoint.id}`);
    assert.equal(noProject.json().error.message, 'Could not find project: nowhere.');
    const list = await identity.request('GET', `${EP}/projects/nowhere/endpoints`);
    assert.equal(list.json().error.message, 'Could not find project: nowhere.');
    const projects = await identity.request('GET', `${EP}/endpoints/nope/projects`);
    assert.equal(projects.json().error.message, 'Could not find endpoint: nope.');
  });

  test('a project lists its own endpoints and its groups’ endpoints, each once', async () => {
    const project = (
      await identity.request('POST', '/identity/v3/projects', 'admin', { project: { name: 'union' } })
    ).json().project.id;
    const direct = await newEndpoint('admin');
    const viaGroup = await newEndpoint('internal');
    await identity.request('PUT', `${EP}/projects/${project}/endpoints/${direct.id}`);
    const group = (
      await identity.request('POST', `${EP}/endpoint_groups`, 'admin', {
        endpoint_group: { name: 'glance', filters: { service_id: serviceId } },
      })
    ).json().endpoint_group;
    await identity.request('PUT', `${EP}/endpoint_groups/${group.id}/projects/${project}`);
    const ids = (await identity.request('GET', `${EP}/projects/${project}/endpoints`))
      .json()
      .endpoints.map((e: { id: string }) => e.id);
    assert.equal(ids[0], direct.id);
    assert.ok(ids.includes(viaGroup.id));
    assert.equal(new Set(ids).size, ids.length);
  });

  test('deleting an endpoint or a project deletes its associations', async () => {
    const endpoint = await newEndpoint();
    const project = (
      await identity.request('POST', '/identity/v3/projects', 'admin', { project: { name: 'short-lived' } })
    ).json().project.id;
    await identity.request('PUT', `${EP}/projects/${project}/endpoints/${endpoint.id}`);
    await identity.request('PUT', `${EP}/projects/${identity.ids.adminProject}/endpoints/${endpoint.id}`);
    assert.equal((await identity.request('DELETE', `/identity/v3/projects/${project}`)).statusCode, 204);
    const left = (await identity.request('GET', `${EP}/endpoints/${endpoint.id}/projects`)).json().projects;
    assert.deepEqual(
      left.map((p: { id: string }) => p.id),
      [identity.ids.adminProject],
    );
    assert.equal((await identity.request('DELETE', `/identity/v3/endpoints/${endpoint.id}`)).statusCode, 204);
    const rows = await identity.db
      .selectFrom('project_endpoint')
      .selectAll()
      .where('endpoint_id', '=', endpoint.id)
      .execute();
    assert.deepEqual(rows, []);
  });

  test('the token catalog is not narrowed by associations', async () => {
    const endpoint = await newEndpoint();
    await identity.request('PUT', `${EP}/projects/${identity.ids.demoProject}/endpoints/${endpoint.id}`);
    const catalog = (await identity.request('GET', '/identity/v3/auth/catalog', 'member')).json().catalog;
    const ids = catalog.flatMap((service: { endpoints: { id: string }[] }) =>
      service.endpoints.map((e) => e.id),
    );
    assert.ok(ids.length > 1);
    assert.ok(ids.includes(endpoint.id));
  });

  test('only the cloud admin manages associations; members see none', async () => {
    const endpoint = await newEndpoint();
    const url = `${EP}/projects/${identity.ids.demoProject}/endpoints/${endpoint.id}`;
    assert.equal((await identity.request('PUT', url, 'member')).statusCode, 403);
    assert.equal(
      (await identity.request('GET', `${EP}/endpoints/${endpoint.id}/projects`, 'member')).statusCode,
      403,
    );
  });
});
