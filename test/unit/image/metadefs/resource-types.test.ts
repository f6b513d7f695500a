import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';

const NAMESPACES = '/v2/metadefs/namespaces';

describe('metadef resource types', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
  });
  after(() => image.close());

  const resourceTypes = async () =>
    (await image.request('GET', '/v2/metadefs/resource_types', 'reader'))
      .json()
      .resource_types.map((type: { name: string }) => type.name);

  test('none are seeded: a resource type appears with its first association, and outlives it', async () => {
    assert.deepEqual(await resourceTypes(), []);
    await image.request('POST', NAMESPACES, 'admin', { namespace: 'ns' });
    const created = await image.request('POST', `${NAMESPACES}/ns/resource_types`, 'admin', {
      name: 'OS::Nova::Flavor',
    });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(Object.keys(created.json()), ['name', 'created_at', 'updated_at']);
    const listed = (await image.request('GET', '/v2/metadefs/resource_types', 'reader')).json();
    assert.deepEqual(Object.keys(listed.resource_types[0]), ['name', 'created_at', 'updated_at']);
    assert.deepEqual(await resourceTypes(), ['OS::Nova::Flavor']);
    assert.equal((await image.request('DELETE', `${NAMESPACES}/ns`, 'admin')).statusCode, 204);
    assert.deepEqual(await resourceTypes(), ['OS::Nova::Flavor']);
  });

  test('associate, list and dissociate; twice is a 409, an unknown association a 404', async () => {
    await image.request('POST', NAMESPACES, 'admin', { namespace: 'assoc', visibility: 'public' });
    const body = { name: 'OS::Glance::Image', prefix: 'hw_', properties_target: 'image' };
    assert.equal(
      (await image.request('POST', `${NAMESPACES}/assoc/resource_types`, 'admin', body)).statusCode,
      201,
    );
    const again = await image.request('POST', `${NAMESPACES}/assoc/resource_types`, 'admin', body);
    assert.equal(again.statusCode, 409);
    assert.match(
      again.json().message,
      /^The metadata definition resource-type association of resource-type=OS::Glance::Image to namespace=assoc already exists\./,
    );
    const listed = (await image.request('GET', `${NAMESPACES}/assoc/resource_types`, 'reader')).json();
    assert.deepEqual(
      listed.resource_type_associations.map(({ name, prefix }: { name: string; prefix: string }) => [
        name,
        prefix,
      ]),
      [['OS::Glance::Image', 'hw_']],
    );
    const path = `${NAMESPACES}/assoc/resource_types/OS::Glance::Image`;
    assert.equal((await image.request('DELETE', path, 'admin')).statusCode, 204);
    const gone = await image.request('DELETE', path, 'admin');
    assert.equal(gone.statusCode, 404);
    assert.match(gone.json().message, /^Failed to find resource type OS::Glance::Image to delete/);
  });

  test('a protected namespace keeps its associations', async () => {
    await image.request('POST', NAMESPACES, 'admin', {
      namespace: 'kept',
      protected: true,
      resource_type_associations: [{ name: 'OS::Cinder::Volume' }],
    });
    const refused = await image.request(
      'DELETE',
      `${NAMESPACES}/kept/resource_types/OS::Cinder::Volume`,
      'admin',
    );
    assert.equal(refused.statusCode, 403);
    assert.match(
      refused.json().message,
      /^Metadata definition resource-type-association OS::Cinder::Volume is protected and cannot be deleted\./,
    );
  });

  test('the association body is checked against its schema', async () => {
    await image.request('POST', NAMESPACES, 'admin', { namespace: 'checked' });
    const missing = await image.request('POST', `${NAMESPACES}/checked/resource_types`, 'admin', {
      prefix: 'x',
    });
    assert.equal(missing.statusCode, 400);
    assert.match(
      missing.json().message,
      /^Provided object does not match schema 'resource_type_association': 'name' is a required property/,
    );
    const readOnly = await image.request('POST', `${NAMESPACES}/checked/resource_types`, 'admin', {
      name: 'x',
      created_at: 'now',
    });
    assert.equal(readOnly.statusCode, 403);
  });
});
