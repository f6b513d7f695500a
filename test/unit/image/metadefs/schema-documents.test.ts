import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';
import namespace from './fixtures/glance-metadefs-namespace.json' with { type: 'json' };
import namespaces from './fixtures/glance-metadefs-namespaces.json' with { type: 'json' };
import object from './fixtures/glance-metadefs-object.json' with { type: 'json' };
import objects from './fixtures/glance-metadefs-objects.json' with { type: 'json' };
import properties from './fixtures/glance-metadefs-properties.json' with { type: 'json' };
import property from './fixtures/glance-metadefs-property.json' with { type: 'json' };
import resourceType from './fixtures/glance-metadefs-resource_type.json' with { type: 'json' };
import resourceTypes from './fixtures/glance-metadefs-resource_types.json' with { type: 'json' };
import tag from './fixtures/glance-metadefs-tag.json' with { type: 'json' };
import tags from './fixtures/glance-metadefs-tags.json' with { type: 'json' };

// The fixtures are what Debian 12's Glance (Zed) serves, fetched from a running one.
describe('metadef schema documents', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
  });
  after(() => image.close());

  const cases: Array<[string, unknown]> = [
    ['namespace', namespace],
    ['namespaces', namespaces],
    ['object', object],
    ['objects', objects],
    ['property', property],
    ['properties', properties],
    ['tag', tag],
    ['tags', tags],
    ['resource_type', resourceType],
    ['resource_types', resourceTypes],
  ];
  for (const [name, upstream] of cases) {
    test(`/v2/schemas/metadefs/${name} is upstream's document, keys in its order`, async () => {
      const response = await image.request('GET', `/v2/schemas/metadefs/${name}`, 'reader');
      assert.equal(response.statusCode, 200);
      assert.equal(JSON.stringify(response.json()), JSON.stringify(upstream));
    });
  }

  test('other methods are refused with the allowed one named', async () => {
    const response = await image.request('POST', '/v2/schemas/metadefs/namespace', 'admin', {});
    assert.equal(response.statusCode, 405);
    assert.equal(response.headers.allow, 'GET');
  });
});
