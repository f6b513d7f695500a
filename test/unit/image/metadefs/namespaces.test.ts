import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { imageTestApp, IMAGE_BASE_URL, PROJECTS, type ImageTestApp } from '../../../helpers/image-app.js';

const NAMESPACES = '/v2/metadefs/namespaces';

describe('metadef namespaces', () => {
  let image: ImageTestApp;
  beforeEach(async () => {
    image = await imageTestApp();
  });
  afterEach(() => image.close());

  const create = async (body: Record<string, unknown>, caller = 'admin') => {
    const response = await image.request('POST', NAMESPACES, caller, body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json();
  };

  test('a new namespace echoes what was given, with the defaults and the caller project as owner', async () => {
    const response = await image.request('POST', NAMESPACES, 'admin', {
      namespace: 'OS::Compute::Example',
      resource_type_associations: [{ name: 'OS::Glance::Image', prefix: 'hw_' }],
      properties: { cpu: { title: 'CPU', type: 'integer', minimum: 1.5, default: 4 } },
      objects: [{ name: 'Memory', required: ['ram'], properties: { ram: { title: 'RAM', type: 'string' } } }],
      tags: [{ name: 't1' }, { name: 't2' }],
    });
    assert.equal(response.statusCode, 201);
    assert.equal(response.headers.location, `${IMAGE_BASE_URL}${NAMESPACES}/OS::Compute::Example`);
    const body = response.json();
    assert.deepEqual(Object.keys(body), [
      'namespace',
      'visibility',
      'protected',
      'owner',
      'created_at',
      'updated_at',
      'resource_type_associations',
      'properties',
      'objects',
      'tags',
      'self',
      'schema',
    ]);
    assert.equal(body.visibility, 'private');
    assert.equal(body.protected, false);
    assert.equal(body.owner, PROJECTS.admin);
    assert.match(body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // As Glance's model converts them: an integer attribute truncated, a default as text.
    assert.deepEqual(body.properties, { cpu: { type: 'integer', title: 'CPU', default: '4', minimum: 1 } });
    assert.deepEqual(body.objects, [
      { name: 'Memory', required: ['ram'], properties: { ram: { type: 'string', title: 'RAM' } } },
    ]);
    assert.deepEqual(body.resource_type_associations, [{ name: 'OS::Glance::Image', prefix: 'hw_' }]);
    assert.equal(body.self, `${NAMESPACES}/OS::Compute::Example`);
    assert.equal(body.schema, '/v2/schemas/metadefs/namespace');
  });

  test('show gives the content; with a resource type, property names carry its prefix', async () => {
    await create({
      namespace: 'ns',
      resource_type_associations: [{ name: 'OS::Glance::Image', prefix: 'hw_', properties_target: 'image' }],
      properties: { cpu: { title: 'CPU', type: 'string' } },
      objects: [{ name: 'o', required: ['ram'], properties: { ram: { title: 'RAM', type: 'integer' } } }],
      tags: [{ name: 'first' }, { name: 'second' }],
    });
    const plain = (await image.request('GET', `${NAMESPACES}/ns`, 'admin')).json();
    assert.deepEqual(Object.keys(plain.properties), ['cpu']);
    assert.deepEqual(
      plain.tags.map((tag: { name: string }) => tag.name),
      ['second', 'first'],
      'newest first, as Glance lists tags',
    );
    assert.equal(plain.objects[0].self, `${NAMESPACES}/ns/objects/o`);
    assert.deepEqual(Object.keys(plain.resource_type_associations[0]), [
      'name',
      'prefix',
      'properties_target',
      'created_at',
      'updated_at',
    ]);
    const prefixed = (
      await image.request('GET', `${NAMESPACES}/ns?resource_type=OS::Glance::Image`, 'admin')
    ).json();
    assert.deepEqual(Object.keys(prefixed.properties), ['hw_cpu']);
    assert.deepEqual(Object.keys(prefixed.objects[0].properties), ['hw_ram']);
    assert.deepEqual(prefixed.objects[0].required, ['hw_ram']);
    const unknownType = (
      await image.request('GET', `${NAMESPACES}/ns?resource_type=OS::Nova::Flavor`, 'admin')
    ).json();
    assert.deepEqual(Object.keys(unknownType.properties), ['cpu']);
    const badFilter = await image.request('GET', `${NAMESPACES}/ns?visibility=shared`, 'admin');
    assert.equal(badFilter.statusCode, 400);
    assert.equal(badFilter.json().message, 'Invalid visibility value: shared<br /><br />\n\n\n');
  });

  test('a name taken is a 409, and nothing of a refused namespace is left', async () => {
    await create({ namespace: 'ns' });
    const taken = await image.request('POST', NAMESPACES, 'admin', { namespace: 'ns' });
    assert.equal(taken.statusCode, 409);
    assert.match(taken.json().message, /^The metadata definition namespace=ns already exists\./);
    const clash = await image.request('POST', NAMESPACES, 'admin', {
      namespace: 'other',
      resource_type_associations: [{ name: 'OS::Glance::Image' }],
      tags: [{ name: 'same' }, { name: 'same' }],
    });
    assert.equal(clash.statusCode, 409);
    assert.match(clash.json().message, /^A metadata tag with name=same already exists in namespace=other\./);
    assert.equal((await image.request('GET', `${NAMESPACES}/other`, 'admin')).statusCode, 404);
    const types = (await image.request('GET', '/v2/metadefs/resource_types', 'admin')).json();
    assert.deepEqual(types.resource_types, []);
  });

  test('PUT replaces the attributes: what it leaves out goes back to the defaults; it may rename', async () => {
    await create({
      namespace: 'ns',
      display_name: 'N',
      description: 'd',
      visibility: 'public',
      protected: true,
    });
    await create({ namespace: 'taken' });
    const replaced = await image.request('PUT', `${NAMESPACES}/ns`, 'admin', { namespace: 'renamed' });
    assert.equal(replaced.statusCode, 200);
    const body = replaced.json();
    assert.equal(body.namespace, 'renamed');
    assert.equal(body.visibility, 'private');
    assert.equal(body.protected, false);
    assert.equal(body.display_name, undefined);
    assert.equal(body.self, `${NAMESPACES}/renamed`);
    assert.equal((await image.request('GET', `${NAMESPACES}/ns`, 'admin')).statusCode, 404);
    const clash = await image.request('PUT', `${NAMESPACES}/renamed`, 'admin', { namespace: 'taken' });
    assert.equal(clash.statusCode, 409);
    assert.match(
      clash.json().message,
      /^Invalid update. It would result in a duplicate metadata definition namespace with the same name of taken/,
    );
    const readOnly = await image.request('PUT', `${NAMESPACES}/renamed`, 'admin', {
      namespace: 'x',
      self: 'y',
    });
    assert.equal(readOnly.statusCode, 403);
    assert.match(readOnly.json().message, /^Attribute 'self' is read-only\./);
    const noBody = await image.request('PUT', `${NAMESPACES}/renamed`, 'admin');
    assert.equal(noBody.statusCode, 400);
    assert.match(noBody.json().message, /^Body expected in request\./);
  });

  test('a protected namespace and its content cannot be deleted until unprotected', async () => {
    await create({ namespace: 'ns', protected: true, objects: [{ name: 'o' }], tags: [{ name: 't' }] });
    for (const path of ['', '/objects', '/properties', '/tags']) {
      const refused = await image.request('DELETE', `${NAMESPACES}/ns${path}`, 'admin');
      assert.equal(refused.statusCode, 403, path);
      assert.match(
        refused.json().message,
        /^Metadata definition namespace ns is protected and cannot be deleted\./,
      );
    }
    await image.request('PUT', `${NAMESPACES}/ns`, 'admin', { namespace: 'ns', protected: false });
    assert.equal((await image.request('DELETE', `${NAMESPACES}/ns/objects`, 'admin')).statusCode, 204);
    assert.deepEqual((await image.request('GET', `${NAMESPACES}/ns/objects`, 'admin')).json().objects, []);
    assert.equal((await image.request('DELETE', `${NAMESPACES}/ns`, 'admin')).statusCode, 204);
    const gone = await image.request('DELETE', `${NAMESPACES}/ns`, 'admin');
    assert.equal(gone.statusCode, 404);
    assert.match(gone.json().message, /^Namespace ns not found/);
  });
});

describe('metadef namespace lists', () => {
  let image: ImageTestApp;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  before(async () => {
    image = await imageTestApp({ now: () => new Date((clock += 1000)) });
    const namespaces = [
      {
        namespace: 'a-public',
        visibility: 'public',
        resource_type_associations: [{ name: 'OS::Nova::Flavor' }],
      },
      { namespace: 'b-private-one', owner: PROJECTS.one },
      {
        namespace: 'c-private-two',
        owner: PROJECTS.two,
        resource_type_associations: [{ name: 'OS::Glance::Image' }],
      },
      { namespace: 'd-public-two', visibility: 'public', owner: PROJECTS.two },
    ];
    for (const body of namespaces)
      assert.equal((await image.request('POST', NAMESPACES, 'admin', body)).statusCode, 201);
  });
  after(() => image.close());

  const names = async (query: string, caller = 'admin') => {
    const response = await image.request('GET', `${NAMESPACES}${query}`, caller);
    assert.equal(response.statusCode, 200, response.body);
    return response.json().namespaces.map((namespace: { namespace: string }) => namespace.namespace);
  };

  test('newest first; a project sees public namespaces and its own, an admin all', async () => {
    assert.deepEqual(await names(''), ['d-public-two', 'c-private-two', 'b-private-one', 'a-public']);
    assert.deepEqual(await names('', 'member'), ['d-public-two', 'b-private-one', 'a-public']);
    assert.deepEqual(await names('', 'other'), ['d-public-two', 'c-private-two', 'a-public']);
  });

  test('filters on visibility and on any of several resource types', async () => {
    assert.deepEqual(await names('?visibility=private', 'member'), ['b-private-one']);
    assert.deepEqual(await names('?resource_types=OS::Glance::Image,OS::Nova::Flavor'), [
      'c-private-two',
      'a-public',
    ]);
    assert.deepEqual(await names('?resource_types=OS::Glance::Image', 'member'), []);
    const bad = await image.request('GET', `${NAMESPACES}?visibility=shared`, 'admin');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /^Invalid visibility value: shared/);
  });

  test('sorts, pages with limit and marker, and links the pages as Glance does', async () => {
    const first = (
      await image.request('GET', `${NAMESPACES}?sort_key=namespace&sort_dir=asc&limit=2`, 'admin')
    ).json();
    assert.deepEqual(
      first.namespaces.map((namespace: { namespace: string }) => namespace.namespace),
      ['a-public', 'b-private-one'],
    );
    assert.equal(first.first, `${NAMESPACES}?sort_key=namespace&sort_dir=asc&limit=2`);
    assert.equal(first.next, `${NAMESPACES}?sort_key=namespace&sort_dir=asc&limit=2&marker=b-private-one`);
    assert.equal(first.schema, '/v2/schemas/metadefs/namespaces');
    assert.deepEqual(await names('?sort_key=namespace&sort_dir=asc&limit=2&marker=b-private-one'), [
      'c-private-two',
      'd-public-two',
    ]);
    assert.deepEqual(await names('?sort_key=display_name&sort_dir=asc&limit=1&marker=a-public'), [
      'b-private-one',
    ]);
    const last = (await image.request('GET', `${NAMESPACES}?limit=10`, 'admin')).json();
    assert.equal(last.next, undefined);
  });

  test('bad paging parameters are 400s; a marker not visible is a 403', async () => {
    const cases: Array<[string, number, string]> = [
      ['?limit=-1', 400, 'limit param must be positive'],
      ['?limit=x', 400, 'limit param must be an integer'],
      ['?sort_dir=up', 400, 'Invalid sort direction: up'],
      ['?sort_key=bogus', 400, 'Sort key supplied is invalid: bogus'],
      ['?marker=nope', 404, 'Metadata definition namespace=nope was not found.'],
    ];
    for (const [query, status, message] of cases) {
      const response = await image.request('GET', `${NAMESPACES}${query}`, 'member');
      assert.equal(response.statusCode, status, query);
      assert.equal(response.json().message, `${message}<br /><br />\n\n\n`);
    }
    const hidden = await image.request('GET', `${NAMESPACES}?marker=c-private-two`, 'member');
    assert.equal(hidden.statusCode, 403);
    assert.match(
      hidden.json().message,
      /^Forbidding request, metadata definition namespace=c-private-two is not visible\./,
    );
  });
});
