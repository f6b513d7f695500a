import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, IMAGE_BASE_URL, type ImageTestApp } from '../../../helpers/image-app.js';

const unauthenticated = (image: ImageTestApp, url: string) =>
  image.app.inject({ method: 'GET', url: `/image${url}` });

describe('version discovery', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
  });
  after(() => image.close());

  const expected = {
    versions: [16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((minor) => ({
      id: `v2.${minor}`,
      status: minor === 16 ? 'CURRENT' : 'SUPPORTED',
      links: [{ rel: 'self', href: `${IMAGE_BASE_URL}/v2/` }],
    })),
  };

  test('GET /image/ lists v2.16 down to v2.0 with 300, without a token', async () => {
    const response = await unauthenticated(image, '/');
    assert.equal(response.statusCode, 300);
    assert.deepEqual(response.json(), expected);
  });

  test('GET /image/versions answers the same list with 200', async () => {
    const response = await unauthenticated(image, '/versions');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), expected);
  });

  test('an unknown version gets the list (300); /v2 redirects to /v2/', async () => {
    const unknown = await unauthenticated(image, '/v3/images');
    assert.equal(unknown.statusCode, 300);
    assert.deepEqual(unknown.json(), expected);
    const bare = await unauthenticated(image, '/v2');
    assert.equal(bare.statusCode, 302);
    assert.equal(bare.headers.location, `${IMAGE_BASE_URL}/v2/`);
  });

  test('a trailing slash is not found, as in Glance: /v2/images/ is no list', async () => {
    const response = await image.request('GET', '/v2/images/', 'member');
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().message, 'The resource could not be found.<br /><br />\n\n\n');
  });

  test("a known path with another method is 405 with Allow, as Glance's router answers", async () => {
    const response = await image.request('DELETE', '/v2/images', 'member');
    assert.equal(response.statusCode, 405);
    assert.equal(response.headers.allow, 'GET, POST');
    assert.equal(
      response.json().message,
      'The method DELETE is not allowed for this resource. <br /><br />\n',
    );
    const member = await image.request('POST', '/v2/images/x/members/y', 'member');
    assert.equal(member.headers.allow, 'GET, PUT, DELETE');
    assert.equal((await image.request('DELETE', '/v2/images/', 'member')).statusCode, 404);
  });
});
