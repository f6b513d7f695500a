import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';

const OBJECTS = '/v2/metadefs/namespaces/ns/objects';

describe('metadef objects', () => {
  let image: ImageTestApp;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  before(async () => {
    image = await imageTestApp({ now: () => new Date((clock += 1000)) });
    assert.equal(
      (
        await image.request('POST', '/v2/metadefs/namespaces', 'admin', {
          namespace: 'ns',
          visibility: 'public',
        })
      ).statusCode,
      201,
    );
  });
  after(() => image.close());

  test('create answers what was given; show fills in the empty required list and properties', async () => {
    const created = await image.request('POST', OBJECTS, 'admin', { name: 'plain' });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(Object.keys(created.json()), ['name', 'created_at', 'updated_at', 'self', 'schema']);
    const shown = (await image.request('GET', `${OBJECTS}/plain`, 'admin')).json();
    assert.deepEqual(
      { ...shown, created_at: 'T', updated_at: 'T' },
      {
        name: 'plain',
        required: [],
        properties: {},
        created_at: 'T',
        updated_at: 'T',
        self: `${OBJECTS}/plain`,
        schema: '/v2/schemas/metadefs/object',
      },
    );
    const full = await image.request('POST', OBJECTS, 'admin', {
      name: 'full',
      description: 'd',
      required: ['a'],
      properties: {
        a: { title: 'A', type: 'array', items: { type: 'string', enum: ['x'] }, uniqueItems: true },
      },
    });
    assert.deepEqual(full.json().properties, {
      a: { type: 'array', title: 'A', items: { type: 'string', enum: ['x'] }, uniqueItems: true },
    });
    const list = (await image.request('GET', OBJECTS, 'reader')).json();
    assert.deepEqual(
      list.objects.map((object: { name: string }) => object.name),
      ['plain', 'full'],
    );
    assert.equal(list.schema, 'v2/schemas/metadefs/objects', "Glance's link, without its leading slash");
  });

  test('a name taken is a 409; an unknown object a 404', async () => {
    await image.request('POST', OBJECTS, 'admin', { name: 'dup' });
    const taken = await image.request('POST', OBJECTS, 'admin', { name: 'dup' });
    assert.equal(taken.statusCode, 409);
    assert.match(
      taken.json().message,
      /^A metadata definition object with name=dup already exists in namespace=ns\./,
    );
    const unknown = await image.request('GET', `${OBJECTS}/nope`, 'admin');
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.json().message, /^Could not find metadata object nope/);
  });

  test('PUT replaces the object and may rename it; a rename onto a taken name names the old one', async () => {
    await image.request('POST', OBJECTS, 'admin', { name: 'u1', description: 'd', required: ['a'] });
    await image.request('POST', OBJECTS, 'admin', { name: 'u2' });
    const before = (await image.request('GET', `${OBJECTS}/u1`, 'admin')).json();
    const renamed = await image.request('PUT', `${OBJECTS}/u1`, 'admin', { name: 'u3' });
    assert.equal(renamed.statusCode, 200);
    assert.deepEqual(renamed.json(), {
      name: 'u3',
      created_at: before.created_at,
      updated_at: before.updated_at,
      self: `${OBJECTS}/u3`,
      schema: '/v2/schemas/metadefs/object',
    });
    const after = (await image.request('GET', `${OBJECTS}/u3`, 'admin')).json();
    assert.equal(after.description, undefined);
    assert.deepEqual(after.required, []);
    assert.notEqual(after.updated_at, before.updated_at);
    const clash = await image.request('PUT', `${OBJECTS}/u3`, 'admin', { name: 'u2' });
    assert.equal(clash.statusCode, 409);
    assert.match(
      clash.json().message,
      /^Invalid update. It would result in a duplicate metadata definition object with the same name=u3 in namespace=ns\./,
    );
    const missing = await image.request('PUT', `${OBJECTS}/nope`, 'admin', { name: 'x' });
    assert.equal(missing.statusCode, 404);
  });

  test('delete removes one object; DELETE on the collection removes them all', async () => {
    await image.request('POST', OBJECTS, 'admin', { name: 'gone' });
    assert.equal((await image.request('DELETE', `${OBJECTS}/gone`, 'admin')).statusCode, 204);
    assert.equal((await image.request('GET', `${OBJECTS}/gone`, 'admin')).statusCode, 404);
    assert.equal((await image.request('DELETE', OBJECTS, 'admin')).statusCode, 204);
    assert.deepEqual((await image.request('GET', OBJECTS, 'admin')).json().objects, []);
  });

  test("the list checks Glance's paging parameters, though it does not page", async () => {
    const zero = await image.request('GET', `${OBJECTS}?limit=0`, 'admin');
    assert.equal(zero.statusCode, 400);
    assert.match(zero.json().message, /^limit param must be positive/);
    assert.equal(
      (await image.request('GET', `${OBJECTS}?visibility=shared&limit=1`, 'admin')).statusCode,
      200,
    );
  });
});
