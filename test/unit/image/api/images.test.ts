import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, IMAGE_BASE_URL, PROJECTS, type ImageTestApp } from '../../../helpers/image-app.js';

describe('images: create, show, list, delete', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
  });
  after(() => image.close());

  test('a created image is queued, shared by default, owned by the caller, with Glance links and headers', async () => {
    const response = await image.request('POST', '/v2/images', 'member', {
      name: 'cirros',
      disk_format: 'qcow2',
      container_format: 'bare',
      min_disk: 1,
      os_distro: 'cirros',
      tags: ['a', 'b', 'a'],
    });
    assert.equal(response.statusCode, 201);
    const body = response.json();
    assert.equal(body.status, 'queued');
    assert.equal(body.visibility, 'shared');
    assert.equal(body.owner, PROJECTS.one);
    assert.equal(body.os_distro, 'cirros');
    assert.deepEqual(body.tags, ['a', 'b']);
    assert.equal(body.size, null);
    assert.equal(body.checksum, null);
    assert.equal(body.protected, false);
    assert.equal(body.os_hidden, false);
    assert.equal(body.min_disk, 1);
    assert.equal(body.min_ram, 0);
    assert.equal(body.self, `/v2/images/${body.id}`);
    assert.equal(body.file, `/v2/images/${body.id}/file`);
    assert.equal(body.schema, '/v2/schemas/image');
    assert.match(body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal('stores' in body, false);
    assert.equal('locations' in body, false);
    assert.equal(response.headers.location, `${IMAGE_BASE_URL}/v2/images/${body.id}`);
    assert.equal(response.headers['openstack-image-import-methods'], 'glance-direct');

    const shown = await image.request('GET', `/v2/images/${body.id}`, 'reader');
    assert.equal(shown.statusCode, 200);
    assert.deepEqual(shown.json(), body);
  });

  test('the client may choose the id; a taken id is a conflict', async () => {
    const id = '0b4a6b3e-9f6e-4b0a-8f5e-3c2d1e0f9a8b';
    const created = await image.createImage('member', { id });
    assert.equal(created.id, id);
    const again = await image.request('POST', '/v2/images', 'member', { id });
    assert.equal(again.statusCode, 409);
    assert.match(again.json().message, new RegExp(`Image ID ${id} already exists!`));
  });

  test('an image of another project is not found, with Glance message and body', async () => {
    const created = await image.createImage('member', { visibility: 'private' });
    const response = await image.request('GET', `/v2/images/${created.id}`, 'other');
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), {
      message: `No image found with ID ${created.id}<br /><br />\n\n\n`,
      code: '404 Not Found',
      title: 'Not Found',
    });
  });

  test('delete removes the image; a second delete is 404', async () => {
    const created = await image.createImage('member');
    const deleted = await image.request('DELETE', `/v2/images/${created.id}`, 'member');
    assert.equal(deleted.statusCode, 204);
    assert.equal((await image.request('GET', `/v2/images/${created.id}`, 'member')).statusCode, 404);
    const again = await image.request('DELETE', `/v2/images/${created.id}`, 'member');
    assert.equal(again.statusCode, 404);
    assert.match(again.json().message, /^Failed to find image .* to delete/);
  });

  test('a protected image cannot be deleted until unprotected', async () => {
    const created = await image.createImage('member', { protected: true });
    const refused = await image.request('DELETE', `/v2/images/${created.id}`, 'member');
    assert.equal(refused.statusCode, 403);
    assert.match(
      refused.json().message,
      new RegExp(`Image ${created.id} is protected and cannot be deleted.`),
    );
    const unprotect = await image.patch('member', created.id as string, [
      { op: 'replace', path: '/protected', value: false },
    ]);
    assert.equal(unprotect.statusCode, 200);
    assert.equal((await image.request('DELETE', `/v2/images/${created.id}`, 'member')).statusCode, 204);
  });

  test('who may create: members of their own project; admins for any owner; public needs an admin', async () => {
    const reader = await image.request('POST', '/v2/images', 'reader', { name: 'x' });
    assert.equal(reader.statusCode, 403);
    assert.match(reader.json().message, /^You are not authorized to complete add_image action./);
    const foreign = await image.request('POST', '/v2/images', 'member', { owner: PROJECTS.two });
    assert.equal(foreign.statusCode, 403);
    assert.match(
      foreign.json().message,
      new RegExp(`^You are not permitted to create images owned by '${PROJECTS.two}'`),
    );
    const byAdmin = await image.request('POST', '/v2/images', 'admin', { owner: PROJECTS.two });
    assert.equal(byAdmin.json().owner, PROJECTS.two);
    const publicByMember = await image.request('POST', '/v2/images', 'member', { visibility: 'public' });
    assert.equal(publicByMember.statusCode, 403);
    assert.match(
      publicByMember.json().message,
      /^You are not authorized to complete publicize_image action./,
    );
    const community = await image.request('POST', '/v2/images', 'member', { visibility: 'community' });
    assert.equal(community.json().visibility, 'community');
  });

  test('bad create requests are refused with Glance messages', async () => {
    const cases: Array<[unknown, number, RegExp]> = [
      [{ status: 'active' }, 403, /^Attribute 'status' is read-only./],
      [{ checksum: 'x' }, 403, /^Attribute 'checksum' is read-only./],
      [{ self: '/x' }, 403, /^Attribute 'self' is read-only./],
      [{ os_glance_foo: 'bar' }, 403, /^Attribute 'os_glance_foo' is reserved./],
      [{ deleted: 'x' }, 403, /^Attribute 'deleted' is reserved./],
      [{ locations: [] }, 403, /^Attribute 'locations' is reserved./],
      [{ [`k${'x'.repeat(255)}`]: 'v' }, 400, /^Custom property should not be greater than 255 characters./],
      [{ min_ram: -1 }, 400, /^Invalid value '-1' for parameter 'min_ram': Cannot be a negative value/],
      [
        { id: 'not-a-uuid' },
        400,
        /^Provided object does not match schema 'image': 'not-a-uuid' does not match/,
      ],
      [
        { container_format: 'wrong' },
        400,
        /'wrong' is not one of \[None, 'ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'\]/,
      ],
      [{ color: 5 }, 400, /^Provided object does not match schema 'image': 5 is not of type 'string'/],
      [{ protected: 'yes' }, 400, /'yes' is not of type 'boolean'/],
    ];
    for (const [body, status, message] of cases) {
      const response = await image.request('POST', '/v2/images', 'member', body);
      assert.equal(response.statusCode, status, JSON.stringify(body));
      assert.match(response.json().message, message);
    }
  });

  test("the disk_format refusal is upstream's text, jsonschema's pretty-printed schema included", async () => {
    const response = await image.request('POST', '/v2/images', 'member', { name: 'x', disk_format: 'foo' });
    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json().message,
      "Provided object does not match schema 'image': 'foo' is not one of [None, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop']\n\n" +
        "Failed validating 'enum' in schema['properties']['disk_format']:\n" +
        "    {'description': 'Format of the disk',\n" +
        "     'enum': [None,\n" +
        "              'ami',\n              'ari',\n              'aki',\n              'vhd',\n              'vhdx',\n" +
        "              'vmdk',\n              'raw',\n              'qcow2',\n              'vdi',\n              'iso',\n" +
        "              'ploop'],\n" +
        "     'type': ['null', 'string']}\n\nOn instance['disk_format']:\n    'foo'<br /><br />\n\n\n",
    );
    const html = await image.app.inject({
      method: 'POST',
      url: '/image/v2/images',
      headers: { 'x-auth-token': 'member', 'content-type': 'application/json' },
      payload: JSON.stringify({ disk_format: 'foo' }),
    });
    assert.equal(html.headers['content-type'], 'text/html; charset=UTF-8');
    assert.match(html.body, /<title>400 Bad Request<\/title>/);
    assert.match(html.body, /&#x27;foo&#x27; is not one of \[None, &#x27;ami&#x27;/);
  });

  test('malformed JSON and missing bodies are 400', async () => {
    const broken = await image.request('POST', '/v2/images', 'member', '{"name":', {
      'content-type': 'application/json',
    });
    assert.equal(broken.statusCode, 400);
    assert.match(broken.json().message, /^Malformed JSON in request body./);
    const empty = await image.request('POST', '/v2/images', 'member', '', {
      'content-type': 'application/json',
    });
    assert.equal(empty.statusCode, 400);
    const list = await image.request('POST', '/v2/images', 'member', [1]);
    assert.equal(list.statusCode, 400);
  });
});
