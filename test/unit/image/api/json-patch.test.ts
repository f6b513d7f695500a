import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, PROJECTS, type ImageTestApp } from '../../../helpers/image-app.js';

describe('PATCH /v2/images/{id} (JSON patch)', () => {
  let image: ImageTestApp;
  before(async () => {
    image = await imageTestApp();
  });
  after(() => image.close());

  const fresh = async (fields: Record<string, unknown> = {}) =>
    (await image.createImage('member', fields)).id as string;
  const show = async (id: string) => (await image.request('GET', `/v2/images/${id}`, 'admin')).json();
  const refused = async (
    id: string,
    changes: unknown,
    status: number,
    message: RegExp,
    caller = 'member',
  ) => {
    const response = await image.patch(caller, id, changes);
    assert.equal(response.statusCode, status, response.body);
    assert.match(response.json().message, message);
    return response;
  };

  test('add, replace and remove core and custom properties, in order', async () => {
    const id = await fresh({ name: 'before' });
    const response = await image.patch('member', id, [
      { op: 'replace', path: '/name', value: 'after' },
      { op: 'add', path: '/x_prop', value: 'one' },
      { op: 'replace', path: '/x_prop', value: 'two' },
      { op: 'add', path: '/y_prop', value: 'gone soon' },
      { op: 'remove', path: '/y_prop' },
      { op: 'add', path: '/min_ram', value: 512 },
      { op: 'replace', path: '/tags', value: ['a', 'b'] },
    ]);
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.name, 'after');
    assert.equal(body.x_prop, 'two');
    assert.equal('y_prop' in body, false);
    assert.equal(body.min_ram, 512);
    assert.deepEqual(body.tags, ['a', 'b']);
    assert.deepEqual(await show(id), body);
  });

  test('2.1 add of an existing property replaces it; 2.0 add refuses', async () => {
    const id = await fresh({ x_prop: 'one' });
    const replaced = await image.patch('member', id, [{ op: 'add', path: '/x_prop', value: 'two' }]);
    assert.equal(replaced.json().x_prop, 'two');
    const draft4 = await image.request(
      'PATCH',
      `/v2/images/${id}`,
      'member',
      JSON.stringify([{ add: '/x_prop', value: 'three' }]),
      {
        'content-type': 'application/openstack-images-v2.0-json-patch',
      },
    );
    assert.equal(draft4.statusCode, 409);
    assert.match(draft4.json().message, /^Property x_prop already present./);
    const draft4Replace = await image.request(
      'PATCH',
      `/v2/images/${id}`,
      'member',
      JSON.stringify([{ replace: '/name', value: 'draft four' }]),
      { 'content-type': 'application/openstack-images-v2.0-json-patch' },
    );
    assert.equal(draft4Replace.json().name, 'draft four');
  });

  test('replace or remove of a missing property is a conflict, and nothing is saved', async () => {
    const id = await fresh();
    await refused(id, [{ op: 'remove', path: '/missing' }], 409, /^Property missing does not exist./);
    await refused(
      id,
      [{ op: 'replace', path: '/missing', value: 'x' }],
      409,
      /^Property missing does not exist./,
    );
    await refused(
      id,
      [
        { op: 'add', path: '/kept', value: 'x' },
        { op: 'remove', path: '/missing' },
      ],
      409,
      /missing/,
    );
    assert.equal('kept' in (await show(id)), false, 'the whole patch failed');
  });

  test('core attributes cannot be removed; read-only and reserved ones cannot be changed', async () => {
    const id = await fresh();
    await refused(id, [{ op: 'remove', path: '/name' }], 403, /^Property name may not be removed./);
    for (const name of [
      'status',
      'id',
      'checksum',
      'size',
      'virtual_size',
      'created_at',
      'os_hash_value',
      'self',
    ]) {
      await refused(
        id,
        [{ op: 'replace', path: `/${name}`, value: 'x' }],
        403,
        new RegExp(`^Attribute '${name}' is read-only.`),
      );
    }
    for (const name of ['deleted', 'location', 'os_glance_foo']) {
      await refused(
        id,
        [{ op: 'add', path: `/${name}`, value: 'x' }],
        403,
        new RegExp(`^Attribute '${name}' is reserved.`),
      );
    }
  });

  test('pointers: escapes decode, and malformed ones are refused', async () => {
    const id = await fresh();
    const escaped = await image.patch('member', id, [{ op: 'add', path: '/a~1b~0c', value: 'v' }]);
    assert.equal(escaped.json()['a/b~c'], 'v');
    const cases: Array<[string, RegExp]> = [
      ['name', /^Pointer `name` does not start with "\/"./],
      ['/a//b', /^Pointer `\/a\/\/b` contains adjacent "\/"./],
      ['/a/', /^Pointer `\/a\/` end with "\/"./],
      ['/a~2', /^Pointer `\/a~2` contains "~" not part of a recognized escape sequence./],
      ['/a/b', /^Invalid JSON pointer for this resource: '\/a\/b'/],
    ];
    for (const [path, message] of cases) await refused(id, [{ op: 'add', path, value: 'v' }], 400, message);
  });

  test('malformed documents are refused with Glance messages', async () => {
    const id = await fresh();
    await refused(id, { op: 'add' }, 400, /^Request body must be a JSON array of operation objects./);
    await refused(id, ['add'], 400, /^Operations must be JSON objects./);
    await refused(
      id,
      [{ path: '/name', value: 'x' }],
      400,
      /^Unable to find `op` in JSON Schema change. It must be one of the following: add, remove, replace./,
    );
    await refused(
      id,
      [{ op: 'move', path: '/name' }],
      400,
      /^Invalid operation: `move`. It must be one of the following: add, remove, replace./,
    );
    await refused(id, [{ op: 'add', value: 'x' }], 400, /^Unable to find 'path' in JSON Schema change/);
    await refused(
      id,
      [{ op: 'add', path: '/name' }],
      400,
      /^Operation "add" requires a member named "value"./,
    );
    const broken = await image.request('PATCH', `/v2/images/${id}`, 'member', '[{', {
      'content-type': 'application/openstack-images-v2.1-json-patch',
    });
    assert.equal(broken.statusCode, 400);
    assert.match(broken.json().message, /^Malformed JSON in request body./);
  });

  test('a JSON content type is not a patch: 415 naming the patch types', async () => {
    const id = await fresh();
    for (const contentType of ['application/json', 'text/plain']) {
      const response = await image.request('PATCH', `/v2/images/${id}`, 'member', '[]', {
        'content-type': contentType,
      });
      assert.equal(response.statusCode, 415, contentType);
      assert.equal(
        response.headers['accept-patch'],
        'application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch',
      );
    }
  });

  test("values are checked against the image schema, with jsonschema's message", async () => {
    const id = await fresh();
    const ram = await refused(
      id,
      [{ op: 'replace', path: '/min_ram', value: '5' }],
      400,
      /^Provided object does not match schema 'image'/,
    );
    assert.equal(
      ram.json().message,
      "Provided object does not match schema 'image': '5' is not of type 'integer'\n\nFailed validating 'type' in schema['properties']['min_ram']:\n    {'description': 'Amount of ram (in MB) required to boot image.',\n     'type': 'integer'}\n\nOn instance['min_ram']:\n    '5'<br /><br />\n\n\n",
    );
    await refused(id, [{ op: 'add', path: '/x_prop', value: 5 }], 400, /5 is not of type 'string'/);
    await refused(id, [{ op: 'replace', path: '/name', value: 'n'.repeat(256) }], 400, /is too long/);
    await refused(
      id,
      [{ op: 'replace', path: '/visibility', value: 'secret' }],
      400,
      /'secret' is not one of \['community', 'public', 'private', 'shared'\]/,
    );
    await refused(
      id,
      [{ op: 'replace', path: '/min_disk', value: -1 }],
      400,
      /^Invalid value '-1' for parameter 'min_disk': Cannot be a negative value/,
    );
  });

  test('formats may change only while the image is queued', async () => {
    const id = await fresh();
    const queued = await image.patch('member', id, [{ op: 'replace', path: '/disk_format', value: 'qcow2' }]);
    assert.equal(queued.json().disk_format, 'qcow2');
    await image.patch('member', id, [{ op: 'replace', path: '/disk_format', value: 'raw' }]);
    assert.equal((await image.upload('member', id, 'data')).statusCode, 204);
    await refused(
      id,
      [{ op: 'replace', path: '/disk_format', value: 'qcow2' }],
      403,
      /^Attribute disk_format can be only replaced for a queued image./,
    );
  });

  test('visibility: public needs an admin, community a member of the owner', async () => {
    const id = await fresh();
    await refused(
      id,
      [{ op: 'replace', path: '/visibility', value: 'public' }],
      403,
      /^You are not authorized to complete publicize_image action./,
    );
    const community = await image.patch('member', id, [
      { op: 'replace', path: '/visibility', value: 'community' },
    ]);
    assert.equal(community.json().visibility, 'community');
    const published = await image.patch('admin', id, [
      { op: 'replace', path: '/visibility', value: 'public' },
    ]);
    assert.equal(published.json().visibility, 'public');
  });

  test('only an admin may change the owner', async () => {
    const id = await fresh();
    await refused(
      id,
      [{ op: 'replace', path: '/owner', value: PROJECTS.two }],
      403,
      /^Owner can't be updated by non admin./,
    );
    const given = await image.patch('admin', id, [{ op: 'replace', path: '/owner', value: PROJECTS.two }]);
    assert.equal(given.json().owner, PROJECTS.two);
  });

  test("who may patch: the owner's members and admins; readers and others not; others' private images are not found", async () => {
    const id = await fresh({ visibility: 'private' });
    const change = [{ op: 'add', path: '/x', value: 'y' }];
    await refused(id, change, 403, /^You are not authorized to complete modify_image action./, 'reader');
    await refused(id, change, 404, /^No image found with ID/, 'other');
    assert.equal((await image.patch('admin', id, change)).statusCode, 200);
    const shared = await image.createImage('admin', { visibility: 'public' });
    await refused(
      shared.id as string,
      change,
      403,
      /^You are not authorized to complete modify_image action./,
      'other',
    );
  });

  test('locations are not exposed, so they cannot be changed', async () => {
    const id = await fresh();
    const location = { url: 'http://example.com/x', metadata: {} };
    await refused(
      id,
      [{ op: 'add', path: '/locations/-', value: location }],
      403,
      /^It's not allowed to add locations if locations are invisible./,
    );
    await refused(
      id,
      [{ op: 'replace', path: '/locations', value: [location] }],
      403,
      /^It's not allowed to update locations if locations are invisible./,
    );
    await refused(
      id,
      [{ op: 'replace', path: '/locations', value: [] }],
      403,
      /^Cannot set locations to empty list./,
    );
    await refused(
      id,
      [{ op: 'remove', path: '/locations/0' }],
      403,
      /^You are not authorized to complete delete_image_location action./,
    );
  });

  test('more than 128 properties is 413', async () => {
    const id = await fresh();
    const changes = Array.from({ length: 129 }, (_, i) => ({ op: 'add', path: `/p${i}`, value: 'v' }));
    await refused(
      id,
      changes,
      413,
      /^The limit has been exceeded on the number of allowed image properties. Attempted: 129, Maximum: 128/,
    );
    assert.equal((await image.patch('member', id, changes.slice(0, 128))).statusCode, 200);
  });

  test('a change moves updated_at; an empty patch changes nothing', async () => {
    const id = await fresh();
    const before = await show(id);
    assert.deepEqual((await image.patch('member', id, [])).json(), before);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = (await image.patch('member', id, [{ op: 'add', path: '/x', value: 'y' }])).json();
    assert.ok(after.updated_at > before.updated_at);
  });
});
