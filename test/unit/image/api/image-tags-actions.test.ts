import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';

describe('image tags', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
  });
  after(() => image.close());

  const tags = async (id: string) => (await image.request('GET', `/v2/images/${id}`, 'member')).json().tags;

  test('PUT adds a tag once, DELETE removes it, in the order added', async () => {
    const id = (await image.createImage('member')).id as string;
    for (const tag of ['b', 'a', 'b']) {
      assert.equal((await image.request('PUT', `/v2/images/${id}/tags/${tag}`, 'member')).statusCode, 204);
    }
    assert.deepEqual(await tags(id), ['b', 'a']);
    assert.equal((await image.request('DELETE', `/v2/images/${id}/tags/b`, 'member')).statusCode, 204);
    assert.deepEqual(await tags(id), ['a']);
    const missing = await image.request('DELETE', `/v2/images/${id}/tags/zzz`, 'member');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().message, 'The resource could not be found.<br /><br />\n\n\n');
  });

  test('a tag longer than 255 characters is refused; tags of unknown images are 404', async () => {
    const id = (await image.createImage('member')).id as string;
    const long = await image.request('PUT', `/v2/images/${id}/tags/${'t'.repeat(256)}`, 'member');
    assert.equal(long.statusCode, 400);
    assert.match(long.json().message, /^Provided object does not match schema 'image': '.*' is too long/);
    const unknown = await image.request(
      'PUT',
      '/v2/images/6e1b6c57-1f6d-4c5a-9c79-51f1f1b4a9d2/tags/x',
      'member',
    );
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.json().message, /^Image 6e1b6c57-1f6d-4c5a-9c79-51f1f1b4a9d2 not found./);
  });

  test('only who may modify the image may tag it', async () => {
    const id = (await image.createImage('admin', { visibility: 'public' })).id as string;
    const refused = await image.request('PUT', `/v2/images/${id}/tags/x`, 'member');
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json().message, new RegExp(`^Not allowed to update tags for image ${id}.`));
  });

  test('more than 128 tags is 413', async () => {
    const id = (await image.createImage('member', { tags: Array.from({ length: 128 }, (_, i) => `t${i}`) }))
      .id as string;
    const response = await image.request('PUT', `/v2/images/${id}/tags/one-more`, 'member');
    assert.equal(response.statusCode, 413);
    assert.match(response.json().message, /Attempted: 129, Maximum: 128/);
    const tooMany = await image.request('POST', '/v2/images', 'member', {
      tags: Array.from({ length: 129 }, (_, i) => `t${i}`),
    });
    assert.equal(tooMany.statusCode, 413);
  });
});

describe('deactivate and reactivate', () => {
  let image: ImageTestApp;
  let id: string;
  before(async () => {
    image = await imageTestApp();
    id = (await image.createImage('member')).id as string;
  });
  after(() => image.close());

  const action = (name: string, caller = 'member') =>
    image.request('POST', `/v2/images/${id}/actions/${name}`, caller);
  const status = async () => (await image.request('GET', `/v2/images/${id}`, 'member')).json().status;

  test('a queued image cannot be deactivated', async () => {
    const response = await action('deactivate');
    assert.equal(response.statusCode, 403);
    assert.match(response.json().message, /^Not allowed to deactivate image in status 'queued'/);
  });

  test('a deactivated image keeps its data from non-admins until reactivated', async () => {
    assert.equal((await image.upload('member', id, 'image bytes')).statusCode, 204);
    assert.equal((await action('deactivate')).statusCode, 204);
    assert.equal(await status(), 'deactivated');
    assert.equal((await action('deactivate')).statusCode, 204, 'again is a no-op');
    const refused = await image.request('GET', `/v2/images/${id}/file`, 'member');
    assert.equal(refused.statusCode, 403);
    assert.match(
      refused.json().message,
      /^The requested image has been deactivated. Image data download is forbidden./,
    );
    assert.equal((await image.request('GET', `/v2/images/${id}/file`, 'admin')).statusCode, 200);
    assert.equal((await action('reactivate')).statusCode, 204);
    assert.equal(await status(), 'active');
    assert.equal((await image.request('GET', `/v2/images/${id}/file`, 'member')).body, 'image bytes');
  });

  test('readers may not, other projects do not even see the image', async () => {
    assert.equal((await action('deactivate', 'reader')).statusCode, 403);
    assert.equal((await action('deactivate', 'other')).statusCode, 404);
  });
});
