import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';
import upstreamImage from './fixtures/glance-schema-image.json' with { type: 'json' };
import upstreamImages from './fixtures/glance-schema-images.json' with { type: 'json' };
import upstreamMember from './fixtures/glance-schema-member.json' with { type: 'json' };
import upstreamMembers from './fixtures/glance-schema-members.json' with { type: 'json' };

// The fixtures are what Debian 12's Glance (Zed) serves, fetched from a running one.
describe('schema documents', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
  });
  after(() => image.close());

  const cases: Array<[string, unknown]> = [
    ['image', upstreamImage],
    ['images', upstreamImages],
    ['member', upstreamMember],
    ['members', upstreamMembers],
  ];
  for (const [name, upstream] of cases) {
    test(`/v2/schemas/${name} is upstream's document`, async () => {
      const response = await image.request('GET', `/v2/schemas/${name}`, 'reader');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), upstream);
      // Key order too: clients print these documents.
      assert.equal(JSON.stringify(response.json()), JSON.stringify(upstream));
    });
  }

  test('the schemas need a token', async () => {
    const response = await image.app.inject({ method: 'GET', url: '/image/v2/schemas/image' });
    assert.equal(response.statusCode, 401);
  });
});
