import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

const message = (response: { json(): unknown }) =>
  (response.json() as { error: { message: string } }).error.message;

describe('project tags API', () => {
  let identity: IdentityTestApp;
  before(async () => {
    identity = await identityTestApp();
  });
  after(() => identity.close());

  const project = async (body: Record<string, unknown> = {}) => {
    const response = await identity.request('POST', '/identity/v3/projects', 'admin', {
      project: { name: `tagged-${Math.random()}`, ...body },
    });
    return (response.json() as { project: { id: string } }).project.id;
  };
  const tags = async (id: string, caller = 'admin') => {
    const response = await identity.request('GET', `/identity/v3/projects/${id}/tags`, caller);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { tags: string[]; links: { self: string } };
  };

  test('adds, checks, replaces and removes tags as Tempest does', async () => {
    const id = await project();
    const added = await identity.request('PUT', `/identity/v3/projects/${id}/tags/first`);
    assert.equal(added.statusCode, 201);
    assert.equal(added.body, '');
    assert.equal(added.headers.location, `${BASE_URL}/v3/projects/${id}/tags/first`);
    assert.equal((await identity.request('GET', `/identity/v3/projects/${id}/tags/first`)).statusCode, 204);
    assert.equal((await identity.request('HEAD', `/identity/v3/projects/${id}/tags/first`)).statusCode, 204);

    const replaced = await identity.request('PUT', `/identity/v3/projects/${id}/tags`, 'admin', {
      tags: ['b', ' a ', 'c'],
    });
    assert.equal(replaced.statusCode, 200);
    assert.deepEqual(replaced.json(), {
      tags: ['b', 'a', 'c'],
      links: { self: `${BASE_URL}/v3/projects/${id}/tags` },
    });
    assert.deepEqual((await tags(id)).tags, ['a', 'b', 'c']);

    assert.equal((await identity.request('DELETE', `/identity/v3/projects/${id}/tags/b`)).statusCode, 204);
    const gone = await identity.request('GET', `/identity/v3/projects/${id}/tags/b`);
    assert.equal(gone.statusCode, 404);
    assert.equal(message(gone), 'Could not find project tag: b.');
    const missing = await identity.request('DELETE', `/identity/v3/projects/${id}/tags/b`);
    assert.equal(missing.statusCode, 404);

    assert.equal((await identity.request('DELETE', `/identity/v3/projects/${id}/tags`)).statusCode, 204);
    assert.deepEqual((await tags(id)).tags, []);
  });

  test('tags set here show in the project, and tags of the project body show here', async () => {
    const id = await project({ tags: ['x'] });
    assert.deepEqual((await tags(id)).tags, ['x']);
    await identity.request('PUT', `/identity/v3/projects/${id}/tags/y`);
    const shown = (await identity.request('GET', `/identity/v3/projects/${id}`)).json() as {
      project: { tags: string[] };
    };
    assert.deepEqual(shown.project.tags, ['x', 'y']);
    await identity.request('PATCH', `/identity/v3/projects/${id}`, 'admin', { project: { tags: ['z'] } });
    assert.deepEqual((await tags(id)).tags, ['z']);
  });

  test('a domain’s tags work through its project face', async () => {
    const response = await identity.request('POST', '/identity/v3/domains', 'admin', {
      domain: { name: 'tag-domain' },
    });
    const domainId = (response.json() as { domain: { id: string } }).domain.id;
    assert.equal(
      (await identity.request('PUT', `/identity/v3/projects/${domainId}/tags/dt`)).statusCode,
      201,
    );
    const domain = (await identity.request('GET', `/identity/v3/domains/${domainId}`)).json() as {
      domain: { tags: string[] };
    };
    assert.deepEqual(domain.domain.tags, ['dt']);
  });

  test('enforces Keystone’s tag rules', async () => {
    const id = await project({ tags: ['dup'] });
    const duplicate = await identity.request('PUT', `/identity/v3/projects/${id}/tags/dup`);
    assert.equal(duplicate.statusCode, 400);
    assert.match(message(duplicate), /tags/);
    const comma = await identity.request('PUT', `/identity/v3/projects/${id}/tags/a,b`);
    assert.equal(comma.statusCode, 400);
    const slash = await identity.request('PUT', `/identity/v3/projects/${id}/tags/a%2Fb`);
    assert.equal(slash.statusCode, 400);
    const tooMany = await identity.request('PUT', `/identity/v3/projects/${id}/tags`, 'admin', {
      tags: Array.from({ length: 81 }, (_, i) => `t${i}`),
    });
    assert.equal(tooMany.statusCode, 400);
    const eighty = Array.from({ length: 80 }, (_, i) => `t${i}`);
    assert.equal(
      (await identity.request('PUT', `/identity/v3/projects/${id}/tags`, 'admin', { tags: eighty }))
        .statusCode,
      200,
    );
    const oneMore = await identity.request('PUT', `/identity/v3/projects/${id}/tags/extra`);
    assert.equal(oneMore.statusCode, 400);
    assert.match(message(oneMore), /80/);
    const notAList = await identity.request('PUT', `/identity/v3/projects/${id}/tags`, 'admin', {
      tags: 'x',
    });
    assert.equal(notAList.statusCode, 400);
  });

  test('an immutable project keeps its tags', async () => {
    const id = await project({ options: { immutable: true }, tags: ['kept'] });
    const refused = await identity.request('PUT', `/identity/v3/projects/${id}/tags/new`);
    assert.equal(refused.statusCode, 403);
    assert.equal(
      message(refused),
      `Cannot create project tags for ${id}, project is immutable. Set "immutable" option to false before ` +
        'creating project tags.',
    );
    assert.equal((await identity.request('DELETE', `/identity/v3/projects/${id}/tags/kept`)).statusCode, 403);
    assert.equal((await identity.request('DELETE', `/identity/v3/projects/${id}/tags`)).statusCode, 403);
  });

  test('unknown projects are 404; members read their project’s tags but do not change them', async () => {
    const unknown = await identity.request('GET', '/identity/v3/projects/nowhere/tags');
    assert.equal(unknown.statusCode, 404);
    assert.equal(message(unknown), 'Could not find project: nowhere.');
    const demo = identity.ids.demoProject;
    assert.deepEqual((await tags(demo, 'member')).tags, []);
    assert.equal(
      (await identity.request('PUT', `/identity/v3/projects/${demo}/tags/m`, 'member')).statusCode,
      403,
    );
    const other = await project();
    assert.equal(
      (await identity.request('GET', `/identity/v3/projects/${other}/tags`, 'member')).statusCode,
      403,
    );
  });
});
