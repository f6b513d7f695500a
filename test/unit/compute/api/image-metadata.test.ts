import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';

describe('image metadata (the image proxy)', () => {
  let compute: ComputeTestApp;
  let image: string;

  before(async () => {
    compute = await computeTestApp();
    image = String((await compute.image.createImage('member', { name: 'meta', os_hash: 'kept?' })).id);
  });
  after(() => compute.close());

  const call = (
    method: string,
    path: string,
    body?: unknown,
    options: { version?: string; caller?: string } = {},
  ) =>
    compute.request(method, `/images/${image}/metadata${path}`, {
      caller: 'member',
      ...(body === undefined ? {} : { body }),
      ...options,
    });
  /** The image's properties as Glance has them now. */
  const glanceProperties = async (id = image) => {
    const shown = (await compute.image.request('GET', `/v2/images/${id}`, 'member')).json();
    const schema = (await compute.image.request('GET', '/v2/schemas/image')).json();
    const base = new Set(
      Object.entries(schema.properties as Record<string, { is_base?: boolean }>)
        .filter(([, property]) => property.is_base !== false)
        .map(([name]) => name),
    );
    return Object.fromEntries(Object.entries(shown).filter(([name]) => !base.has(name)));
  };

  beforeEach(async () => {
    // As Tempest's setUp: the metadata is set to these two, whatever it was.
    const response = await call('PUT', '', { metadata: { os_version: 'value1', os_distro: 'value2' } });
    assert.equal(response.statusCode, 200);
  });

  test('PUT replaces every property, GET lists them, Glance has exactly them', async () => {
    assert.deepEqual((await call('GET', '')).json(), {
      metadata: { os_version: 'value1', os_distro: 'value2' },
    });
    assert.deepEqual(await glanceProperties(), { os_version: 'value1', os_distro: 'value2' });
    const replaced = await call('PUT', '', { metadata: { os_version: 'value2', architecture: 'value3' } });
    assert.deepEqual(replaced.json(), { metadata: { os_version: 'value2', architecture: 'value3' } });
    assert.deepEqual(await glanceProperties(), { os_version: 'value2', architecture: 'value3' });
  });

  test('POST merges and answers with all the properties', async () => {
    const merged = await call('POST', '', { metadata: { os_version: 'alt1', architecture: 'value3' } });
    const expected = { os_version: 'alt1', os_distro: 'value2', architecture: 'value3' };
    assert.deepEqual(merged.json(), { metadata: expected });
    assert.deepEqual((await call('GET', '')).json(), { metadata: expected });
  });

  test("one item: show, set, delete; Nova's 404s and the URI mismatch", async () => {
    assert.deepEqual((await call('GET', '/os_distro')).json(), { meta: { os_distro: 'value2' } });
    const missing = await call('GET', '/nothing');
    assert.deepEqual(missing.json(), {
      itemNotFound: { code: 404, message: 'The resource could not be found.' },
    });

    const set = await call('PUT', '/os_version', { meta: { os_version: 'alt' } });
    assert.deepEqual(set.json(), { meta: { os_version: 'alt' } });
    assert.deepEqual((await call('GET', '')).json().metadata, { os_version: 'alt', os_distro: 'value2' });
    const mismatch = await call('PUT', '/os_version', { meta: { other: 'x' } });
    assert.deepEqual(mismatch.json(), {
      badRequest: { code: 400, message: 'Request body and URI mismatch' },
    });

    assert.equal((await call('DELETE', '/os_version')).statusCode, 204);
    assert.deepEqual((await call('GET', '')).json().metadata, { os_distro: 'value2' });
    const gone = await call('DELETE', '/os_version');
    assert.deepEqual(gone.json(), { itemNotFound: { code: 404, message: 'Invalid metadata key' } });
  });

  test('bodies are checked as server metadata: strings of at most 255, one item for PUT key', async () => {
    const notString = await call('POST', '', { metadata: { key: 1 } });
    assert.equal(notString.statusCode, 400);
    assert.match(notString.json().badRequest.message, /^Invalid input for field\/attribute key/);
    assert.equal((await call('PUT', '/a', { meta: { a: 'x', b: 'y' } })).statusCode, 400);
    assert.equal((await call('PUT', '', { meta: { a: 'x' } })).statusCode, 400);
  });

  test('an unknown image is 404 "Image not found." for every operation', async () => {
    const other = randomUUID();
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['POST', '', { metadata: { a: 'b' } }],
      ['PUT', '', { metadata: { a: 'b' } }],
      ['GET', '/a', undefined],
      ['PUT', '/a', { meta: { a: 'b' } }],
      ['DELETE', '/a', undefined],
    ] as const) {
      const response = await compute.request(method, `/images/${other}/metadata${path}`, {
        caller: 'member',
        ...(body === undefined ? {} : { body }),
      });
      assert.deepEqual(
        response.json(),
        { itemNotFound: { code: 404, message: 'Image not found.' } },
        method + path,
      );
    }
  });

  test('the metadata_items quota counts every property after the change (403)', async () => {
    await compute.db
      .insertInto('quotas')
      .values({ project_id: PROJECTS.one, user_id: null, resource: 'metadata_items', hard_limit: 2 })
      .execute();
    try {
      const over = await call('POST', '', { metadata: { third: 'x' } });
      assert.deepEqual(over.json(), { forbidden: { code: 403, message: 'Image metadata limit exceeded' } });
      assert.equal((await call('PUT', '/third', { meta: { third: 'x' } })).statusCode, 403);
      assert.equal((await call('PUT', '', { metadata: { a: '1', b: '2', c: '3' } })).statusCode, 403);
      assert.equal((await call('PUT', '', { metadata: { a: '1', b: '2' } })).statusCode, 200);
    } finally {
      await compute.db.deleteFrom('quotas').where('resource', '=', 'metadata_items').execute();
    }
  });

  test("another project's public image: readable, not writable (Glance's 403)", async () => {
    const shared = String(
      (await compute.image.createImage('admin', { name: 'pub', visibility: 'public' })).id,
    );
    const path = `/images/${shared}/metadata`;
    assert.equal((await compute.request('GET', path, { caller: 'member' })).statusCode, 200);
    const refused = await compute.request('POST', path, { caller: 'member', body: { metadata: { a: 'b' } } });
    assert.deepEqual(refused.json(), {
      forbidden: { code: 403, message: `Not authorized for image ${shared}.` },
    });
  });

  test('JSON properties show parsed and go back to Glance as they were', async () => {
    const raw = '[{"boot_index":0,  "source_type": "volume"}]';
    const kernel = randomUUID();
    const id = String(
      (
        await compute.image.createImage('member', {
          name: 'bdm',
          block_device_mapping: raw,
          kernel_id: kernel,
        })
      ).id,
    );
    const path = `/images/${id}/metadata`;
    const shown = (await compute.request('GET', path, { caller: 'member' })).json().metadata;
    assert.deepEqual(shown.block_device_mapping, [{ boot_index: 0, source_type: 'volume' }]);
    // kernel_id "none" is left out of the update, as Nova's _convert_to_v2 does: the kernel stays.
    const merged = await compute.request('POST', path, {
      caller: 'member',
      body: { metadata: { extra: 'x', kernel_id: 'None' } },
    });
    assert.equal(merged.statusCode, 200);
    assert.deepEqual(await glanceProperties(id), {
      block_device_mapping: raw,
      kernel_id: kernel,
      extra: 'x',
    });
  });

  test('the metadata proxy is there up to 2.38 and gone from 2.39', async () => {
    assert.equal((await call('GET', '', undefined, { version: '2.38' })).statusCode, 200);
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['POST', '', { metadata: { a: 'b' } }],
      ['PUT', '', { metadata: {} }],
      ['GET', '/os_distro', undefined],
      ['PUT', '/a', { meta: { a: 'b' } }],
      ['DELETE', '/os_distro', undefined],
    ] as const) {
      const response = await call(method, path, body, { version: '2.39' });
      assert.equal(response.statusCode, 404, `${method} ${path}`);
    }
    assert.deepEqual((await call('GET', '')).json().metadata, { os_version: 'value1', os_distro: 'value2' });
  });
});
