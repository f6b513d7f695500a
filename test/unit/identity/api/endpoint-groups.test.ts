import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

const EP = '/identity/v3/OS-EP-FILTER';

describe('endpoint groups (OS-EP-FILTER)', () => {
  let identity: IdentityTestApp;
  let serviceId: string;
  let publicId: string;
  let internalId: string;
  before(async () => {
    identity = await identityTestApp();
    const service = await identity.request('POST', '/identity/v3/services', 'admin', {
      service: { type: 'compute', name: 'nova' },
    });
    serviceId = service.json().service.id;
    const endpoint = async (iface: string) =>
      (
        await identity.request('POST', '/identity/v3/endpoints', 'admin', {
          endpoint: {
            service_id: serviceId,
            interface: iface,
            url: `http://nova/${iface}`,
            region_id: 'RegionOne',
          },
        })
      ).json().endpoint.id as string;
    publicId = await endpoint('public');
    internalId = await endpoint('internal');
  });
  after(() => identity.close());

  const create = async (group: object) => {
    const response = await identity.request('POST', `${EP}/endpoint_groups`, 'admin', {
      endpoint_group: group,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().endpoint_group;
  };

  test('create, show, check (HEAD), list', async () => {
    const created = await create({
      name: 'compute',
      description: 'Nova',
      filters: { service_id: serviceId },
    });
    assert.deepEqual(
      { ...created, id: undefined },
      {
        id: undefined,
        name: 'compute',
        description: 'Nova',
        filters: { service_id: serviceId },
        links: { self: `http://stratus.test/identity/v3/OS-EP-FILTER/endpoint_groups/${created.id}` },
      },
    );
    const url = `${EP}/endpoint_groups/${created.id}`;
    assert.deepEqual((await identity.request('GET', url)).json().endpoint_group, created);
    const head = await identity.request('HEAD', url);
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
    const listed = (await identity.request('GET', `${EP}/endpoint_groups`)).json().endpoint_groups;
    assert.deepEqual(
      listed.find((g: { id: string }) => g.id === created.id),
      created,
    );
    const byName = (await identity.request('GET', `${EP}/endpoint_groups?name=compute`)).json()
      .endpoint_groups;
    assert.deepEqual(
      byName.map((g: { id: string }) => g.id),
      [created.id],
    );
    assert.equal(
      (await create({ name: 'no description', filters: { interface: 'admin' } })).description,
      null,
    );
  });

  test('its endpoints are those matching every filter', async () => {
    const all = await create({ name: 'nova all', filters: { service_id: serviceId } });
    const publicOnly = await create({
      name: 'nova public',
      filters: { service_id: serviceId, interface: 'public' },
    });
    const ids = async (id: string) =>
      (await identity.request('GET', `${EP}/endpoint_groups/${id}/endpoints`))
        .json()
        .endpoints.map((e: { id: string }) => e.id);
    assert.deepEqual((await ids(all.id)).sort(), [publicId, internalId].sort());
    assert.deepEqual(await ids(publicOnly.id), [publicId]);
    const missing = await identity.request('GET', `${EP}/endpoint_groups/nope/endpoints`);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.message, 'Could not find Endpoint Group: nope.');
  });

  test('update name, description and filters; the id cannot change', async () => {
    const group = await create({ name: 'before', filters: { interface: 'public' } });
    const url = `${EP}/endpoint_groups/${group.id}`;
    const updated = await identity.request('PATCH', url, 'admin', {
      endpoint_group: { name: 'after', description: 'd', filters: { service_id: serviceId } },
    });
    assert.equal(updated.statusCode, 200);
    assert.equal(updated.json().endpoint_group.name, 'after');
    assert.equal(updated.json().endpoint_group.description, 'd');
    assert.deepEqual(updated.json().endpoint_group.filters, { service_id: serviceId });
    const otherId = await identity.request('PATCH', url, 'admin', { endpoint_group: { id: 'other' } });
    assert.equal(otherId.statusCode, 400);
    assert.equal(otherId.json().error.message, 'Cannot change ID');
  });

  test('filters must be non-empty and name only service_id, region_id or interface', async () => {
    const empty = await identity.request('POST', `${EP}/endpoint_groups`, 'admin', {
      endpoint_group: { name: 'g', filters: {} },
    });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().error.message, 'filters field is required and cannot be empty');
    const unknown = await identity.request('POST', `${EP}/endpoint_groups`, 'admin', {
      endpoint_group: { name: 'g', filters: { url: 'x' } },
    });
    assert.equal(unknown.statusCode, 400);
    assert.match(
      unknown.json().error.message,
      /^Expecting to find service_id or region_id or interface in endpoint_group\./,
    );
    for (const group of [
      { name: 'g' },
      { name: '', filters: { interface: 'public' } },
      { name: 'g', filters: 'x' },
    ]) {
      const response = await identity.request('POST', `${EP}/endpoint_groups`, 'admin', {
        endpoint_group: group,
      });
      assert.equal(response.statusCode, 400, JSON.stringify(group));
      assert.match(response.json().error.message, /name|filters/);
    }
    const extra = await identity.request('POST', `${EP}/endpoint_groups`, 'admin', {
      endpoint_group: { name: 'g', filters: { interface: 'public' }, color: 'red' },
    });
    assert.equal(extra.statusCode, 400);
    assert.match(extra.json().error.message, /color/);
  });

  test('associations with projects: add, show, list both ways, remove', async () => {
    const group = await create({ name: 'for demo', filters: { interface: 'internal' } });
    const project = identity.ids.demoProject;
    const association = `${EP}/endpoint_groups/${group.id}/projects/${project}`;
    assert.equal((await identity.request('PUT', association)).statusCode, 204);
    const again = await identity.request('PUT', association);
    assert.equal(again.statusCode, 409);
    assert.equal(
      again.json().error.message,
      'Conflict occurred attempting to store project_endpoint_group - Duplicate entry.',
    );
    const shown = await identity.request('GET', association);
    assert.deepEqual(shown.json().project_endpoint_group, {
      endpoint_group_id: group.id,
      project_id: project,
      links: { self: `http://stratus.test${association}` },
    });
    const projects = (await identity.request('GET', `${EP}/endpoint_groups/${group.id}/projects`)).json()
      .projects;
    assert.deepEqual(
      projects.map((p: { id: string; name: string }) => [p.id, p.name]),
      [[project, 'demo']],
    );
    const groups = (await identity.request('GET', `${EP}/projects/${project}/endpoint_groups`)).json()
      .endpoint_groups;
    assert.deepEqual(
      groups.map((g: { id: string }) => g.id),
      [group.id],
    );
    // The project's endpoints include its groups' endpoints.
    const endpoints = (await identity.request('GET', `${EP}/projects/${project}/endpoints`)).json().endpoints;
    assert.ok(endpoints.some((e: { id: string }) => e.id === internalId));
    assert.equal((await identity.request('DELETE', association)).statusCode, 204);
    const removed = await identity.request('GET', association);
    assert.equal(removed.statusCode, 404);
    assert.equal(removed.json().error.message, 'Endpoint Group Project Association not found');
    assert.equal((await identity.request('DELETE', association)).statusCode, 404);
  });

  test('an association needs the project, then the group', async () => {
    const group = await create({ name: 'lookups', filters: { interface: 'admin' } });
    const noProject = await identity.request('PUT', `${EP}/endpoint_groups/nope/projects/nowhere`);
    assert.equal(noProject.json().error.message, 'Could not find project: nowhere.');
    const noGroup = await identity.request(
      'PUT',
      `${EP}/endpoint_groups/nope/projects/${identity.ids.demoProject}`,
    );
    assert.equal(noGroup.json().error.message, 'Could not find Endpoint Group: nope.');
    const domainAsProject = await identity.request(
      'PUT',
      `${EP}/endpoint_groups/${group.id}/projects/default`,
    );
    assert.equal(domainAsProject.statusCode, 404);
    const unknownProject = await identity.request('GET', `${EP}/projects/nowhere/endpoint_groups`);
    assert.equal(unknownProject.statusCode, 404);
    const unknownGroup = await identity.request('GET', `${EP}/endpoint_groups/nope/projects`);
    assert.deepEqual(unknownGroup.json().projects, []);
  });

  test('deleting a group or a project deletes its associations', async () => {
    const group = await create({ name: 'short-lived', filters: { interface: 'public' } });
    const project = (
      await identity.request('POST', '/identity/v3/projects', 'admin', {
        project: { name: 'ep-filter-project' },
      })
    ).json().project.id;
    await identity.request('PUT', `${EP}/endpoint_groups/${group.id}/projects/${project}`);
    await identity.request('PUT', `${EP}/endpoint_groups/${group.id}/projects/${identity.ids.adminProject}`);
    assert.equal((await identity.request('DELETE', `/identity/v3/projects/${project}`)).statusCode, 204);
    const left = (await identity.request('GET', `${EP}/endpoint_groups/${group.id}/projects`)).json()
      .projects;
    assert.deepEqual(
      left.map((p: { id: string }) => p.id),
      [identity.ids.adminProject],
    );
    assert.equal((await identity.request('DELETE', `${EP}/endpoint_groups/${group.id}`)).statusCode, 204);
    const rows = await identity.db.selectFrom('project_endpoint_group').selectAll().execute();
    assert.ok(!rows.some((row) => row.endpoint_group_id === group.id));
    const again = await identity.request('DELETE', `${EP}/endpoint_groups/${group.id}`);
    assert.equal(again.statusCode, 404);
  });

  test('only the cloud admin manages endpoint groups; members see none', async () => {
    assert.equal((await identity.request('GET', `${EP}/endpoint_groups`, 'member')).statusCode, 403);
    const response = await identity.request('POST', `${EP}/endpoint_groups`, 'member', {
      endpoint_group: { name: 'g', filters: { interface: 'public' } },
    });
    assert.equal(response.statusCode, 403);
  });
});
