import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';

const NAMESPACE = '/v2/metadefs/namespaces/ns';
const PROPERTIES = `${NAMESPACE}/properties`;

describe('metadef properties', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
    const created = await image.request('POST', '/v2/metadefs/namespaces', 'admin', {
      namespace: 'ns',
      visibility: 'public',
      resource_type_associations: [
        { name: 'OS::Glance::Image', prefix: 'hw_' },
        { name: 'OS::Cinder::Volume' },
      ],
      properties: { given: { title: 'Given', type: 'string' } },
    });
    assert.equal(created.statusCode, 201);
  });
  after(() => image.close());

  test("a property is kept as Glance's model converts it, in its attribute order", async () => {
    const created = await image.request('POST', PROPERTIES, 'admin', {
      enum: ['1'],
      maximum: 10.7,
      minimum: 1.5,
      default: true,
      title: 'Cores',
      type: 'integer',
      name: 'cores',
      readonly: false,
    });
    assert.equal(created.statusCode, 201);
    const expected = {
      name: 'cores',
      type: 'integer',
      title: 'Cores',
      default: 'True',
      readonly: false,
      minimum: 1,
      maximum: 10,
      enum: ['1'],
    };
    assert.equal(JSON.stringify(created.json()), JSON.stringify(expected));
    assert.equal(
      JSON.stringify((await image.request('GET', `${PROPERTIES}/cores`, 'reader')).json()),
      JSON.stringify(expected),
    );
    const objectDefault = await image.request('POST', PROPERTIES, 'admin', {
      name: 'obj',
      title: 'O',
      type: 'object',
      default: { a: 1 },
    });
    assert.equal(objectDefault.json().default, null, 'Glance drops a default that is no scalar');
    // Given with the namespace, a property keeps no name of its own; made alone, it does.
    const list = (await image.request('GET', PROPERTIES, 'reader')).json();
    assert.deepEqual(list.properties.given, { type: 'string', title: 'Given' });
    assert.equal(list.properties.cores.name, 'cores');
  });

  test('with a resource type, a property is found by its prefixed name', async () => {
    const found = await image.request(
      'GET',
      `${PROPERTIES}/hw_given?resource_type=OS::Glance::Image`,
      'reader',
    );
    assert.equal(found.statusCode, 200);
    assert.equal(found.json().name, 'given');
    const cases: Array<[string, string]> = [
      [
        'given?resource_type=OS::Glance::Image',
        "Property given does not start with the expected resource type association prefix of 'hw_'.",
      ],
      [
        'given?resource_type=OS::Cinder::Volume',
        "Property given does not start with the expected resource type association prefix of 'None'.",
      ],
      [
        'hw_given?resource_type=OS::Nova::Nope',
        'The metadata definition resource-type with name=OS::Nova::Nope, was not found.',
      ],
      ['nope', 'Could not find property nope'],
    ];
    for (const [path, text] of cases) {
      const response = await image.request('GET', `${PROPERTIES}/${path}`, 'reader');
      assert.equal(response.statusCode, 404, path);
      assert.equal(response.json().message, `${text}<br /><br />\n\n\n`);
    }
    const other = await image.request('POST', '/v2/metadefs/namespaces', 'admin', {
      namespace: 'other',
      resource_type_associations: [{ name: 'OS::Nova::Flavor' }],
    });
    assert.equal(other.statusCode, 201);
    const unassociated = await image.request(
      'GET',
      `${PROPERTIES}/hw_given?resource_type=OS::Nova::Flavor`,
      'reader',
    );
    assert.match(
      unassociated.json().message,
      /^The metadata definition resource-type association of resource-type=OS::Nova::Flavor to namespace=ns, was not found\./,
    );
  });

  test('PUT redefines and may rename; names taken are 409s', async () => {
    await image.request('POST', PROPERTIES, 'admin', { name: 'p1', title: 'P1', type: 'string' });
    await image.request('POST', PROPERTIES, 'admin', { name: 'p2', title: 'P2', type: 'string' });
    const taken = await image.request('POST', PROPERTIES, 'admin', {
      name: 'p1',
      title: 'P1',
      type: 'string',
    });
    assert.equal(taken.statusCode, 409);
    assert.match(
      taken.json().message,
      /^A metadata definition property with name=p1 already exists in namespace=ns\./,
    );
    const renamed = await image.request('PUT', `${PROPERTIES}/p1`, 'admin', {
      name: 'p1b',
      title: 'New',
      type: 'integer',
    });
    assert.deepEqual(renamed.json(), { name: 'p1b', type: 'integer', title: 'New' });
    assert.equal((await image.request('GET', `${PROPERTIES}/p1`, 'admin')).statusCode, 404);
    const clash = await image.request('PUT', `${PROPERTIES}/p1b`, 'admin', {
      name: 'p2',
      title: 'New',
      type: 'integer',
    });
    assert.equal(clash.statusCode, 409);
    assert.match(
      clash.json().message,
      /^Invalid update. It would result in a duplicate metadata definition property with the same name=p1b in namespace=ns\./,
    );
    const unnamed = await image.request('PUT', `${PROPERTIES}/p1b`, 'admin', {
      title: 'New',
      type: 'integer',
    });
    assert.equal(unnamed.statusCode, 400);
    assert.match(
      unnamed.json().message,
      /^Provided object does not match schema 'property': 'name' is a required property/,
    );
  });

  test('delete one, or all with DELETE on the collection', async () => {
    await image.request('POST', PROPERTIES, 'admin', { name: 'gone', title: 'G', type: 'string' });
    assert.equal((await image.request('DELETE', `${PROPERTIES}/gone`, 'admin')).statusCode, 204);
    assert.equal((await image.request('DELETE', `${PROPERTIES}/gone`, 'admin')).statusCode, 404);
    assert.equal((await image.request('DELETE', PROPERTIES, 'admin')).statusCode, 204);
    assert.deepEqual((await image.request('GET', PROPERTIES, 'admin')).json(), { properties: {} });
  });
});
