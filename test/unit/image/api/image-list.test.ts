import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { imageTestApp, PROJECTS, type ImageTestApp } from '../../../helpers/image-app.js';

/** A clock that moves one second per reading, so creation order is also time order. */
function tickingClock(start = Date.parse('2024-01-01T00:00:00Z')) {
  let now = start;
  return () => new Date((now += 1000));
}

const names = (response: { json(): { images: Array<{ name: string }> } }) =>
  response.json().images.map((image) => image.name);

describe('image list: filters, sorting and pages', () => {
  let image: ImageTestApp;
  const ids: Record<string, string> = {};
  before(async () => {
    image = await imageTestApp({ now: tickingClock() });
    const specs: Array<[string, Record<string, unknown>, string?]> = [
      ['alpha', { tags: ['x86', 'linux'], os_distro: 'ubuntu', container_format: 'bare' }],
      ['beta', { tags: ['x86'], disk_format: 'qcow2', container_format: 'ovf', visibility: 'private' }],
      ['gamma', { tags: ['arm'], protected: true }],
      ['delta', { os_hidden: true }],
      ['epsilon', { visibility: 'community' }, 'other'],
      ['zeta', { visibility: 'public' }, 'admin'],
    ];
    for (const [name, fields, caller = 'member'] of specs) {
      ids[name] = (await image.createImage(caller, { name, ...fields })).id as string;
    }
    assert.equal((await image.upload('member', ids.alpha, Buffer.alloc(3000, 1))).statusCode, 204);
    assert.equal((await image.upload('member', ids.beta, Buffer.alloc(1000, 2))).statusCode, 204);
  });
  after(() => image.close());

  const list = (query: string, caller = 'member') => image.request('GET', `/v2/images${query}`, caller);

  test("by default: newest first, hidden and others' community images left out", async () => {
    const response = await list('');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(names(response), ['zeta', 'gamma', 'beta', 'alpha']);
    assert.equal(response.json().first, '/v2/images');
    assert.equal(response.json().schema, '/v2/schemas/images');
    assert.equal('next' in response.json(), false);
  });

  test('visibility filters, with community images only when asked', async () => {
    assert.deepEqual(names(await list('?visibility=community')), ['epsilon']);
    assert.deepEqual(names(await list('?visibility=private')), ['beta']);
    assert.deepEqual(names(await list('?visibility=all')), ['zeta', 'epsilon', 'gamma', 'beta', 'alpha']);
    const bad = await list('?visibility=secret');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /^Invalid visibility value: secret/);
  });

  test('os_hidden=true lists only hidden images; other values are refused', async () => {
    assert.deepEqual(names(await list('?os_hidden=true')), ['delta']);
    assert.deepEqual(names(await list('?os_hidden=False')), names(await list('')));
    const bad = await list('?os_hidden=maybe');
    assert.equal(bad.statusCode, 400);
    assert.match(
      bad.json().message,
      /Invalid value 'maybe' for 'os_hidden' filter. Valid values are 'true' or 'false'./,
    );
  });

  test('name (with in:), status, disk_format, owner, protected and custom properties filter', async () => {
    assert.deepEqual(names(await list('?name=beta')), ['beta']);
    assert.deepEqual(names(await list('?name=in:alpha,gamma,nothing')), ['gamma', 'alpha']);
    assert.deepEqual(names(await list('?name=in:"alpha","gamma"')), ['gamma', 'alpha']);
    assert.deepEqual(names(await list('?status=active')), ['beta', 'alpha']);
    assert.deepEqual(names(await list('?disk_format=qcow2')), ['beta']);
    assert.deepEqual(names(await list(`?owner=${PROJECTS.admin}`)), ['zeta']);
    assert.deepEqual(names(await list('?protected=true')), ['gamma']);
    assert.deepEqual(names(await list('?os_distro=ubuntu')), ['alpha']);
    assert.equal((await list('?protected=yes')).statusCode, 400);
    const unknownOp = await list('?name=like:alp');
    assert.equal(unknownOp.statusCode, 400);
    assert.match(unknownOp.json().message, /Unable to filter by unknown operator 'like'./);
  });

  test('every tag given must be on the image', async () => {
    assert.deepEqual(names(await list('?tag=x86')), ['beta', 'alpha']);
    assert.deepEqual(names(await list('?tag=x86&tag=linux')), ['alpha']);
    assert.deepEqual(names(await list('?tag=x86&tag=arm')), []);
  });

  test('size_min and size_max bound the size; a non-number is refused', async () => {
    assert.deepEqual(names(await list('?size_min=2000')), ['alpha']);
    assert.deepEqual(names(await list('?size_min=500&size_max=1500')), ['beta']);
    assert.deepEqual(names(await list('?size=3000')), ['alpha']);
    const bad = await list('?size_min=big');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /Unable to filter on a range with a non-numeric value./);
  });

  test('created_at and updated_at compare with gt, gte, lt, lte, eq and neq', async () => {
    const alpha = (await image.request('GET', `/v2/images/${ids.alpha}`, 'member')).json();
    const at = (
      await image.db
        .selectFrom('image')
        .select('created_at')
        .where('id', '=', ids.gamma)
        .executeTakeFirstOrThrow()
    ).created_at;
    assert.deepEqual(names(await list(`?created_at=gte:${at}`)), ['zeta', 'gamma']);
    assert.deepEqual(names(await list(`?created_at=gt:${at}`)), ['zeta']);
    assert.deepEqual(names(await list(`?created_at=lt:${at}&visibility=all`)), ['beta', 'alpha']);
    assert.deepEqual(names(await list(`?created_at=eq:${at}`)), ['gamma']);
    assert.deepEqual(names(await list(`?created_at=${at}`)), ['gamma']);
    assert.equal(names(await list(`?created_at=neq:${at}`)).includes('gamma'), false);
    assert.ok(alpha.updated_at > alpha.created_at, 'the upload touched updated_at');
    assert.deepEqual(names(await list(`?updated_at=gt:${alpha.created_at}&status=active`)), [
      'beta',
      'alpha',
    ]);
    const bad = await list('?created_at=gte:yesterday');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /Bad "created_at" query filter format. Use ISO 8601 DateTime notation./);
    const badOp = await list(`?created_at=around:${at}`);
    assert.equal(badOp.statusCode, 400);
    assert.match(badOp.json().message, /Unable to filter on a unknown operator./);
  });

  test('sort=key:dir and the classic sort_key/sort_dir', async () => {
    assert.deepEqual(names(await list('?sort=name:asc')), ['alpha', 'beta', 'gamma', 'zeta']);
    assert.deepEqual(names(await list('?sort=name')), ['zeta', 'gamma', 'beta', 'alpha']);
    assert.deepEqual(names(await list('?sort_key=name&sort_dir=asc')), ['alpha', 'beta', 'gamma', 'zeta']);
    const bySize = names(await list('?sort=size:desc,name:asc'));
    assert.deepEqual(bySize, ['alpha', 'beta', 'gamma', 'zeta']);
    assert.deepEqual(names(await list('?sort_key=size&sort_key=name&sort_dir=asc&sort_dir=desc')), [
      'zeta',
      'gamma',
      'beta',
      'alpha',
    ]);
  });

  test('bad sorting is refused with Glance messages', async () => {
    const cases: Array<[string, RegExp]> = [
      [
        '?sort=owner',
        /Invalid sort key: owner. It must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at./,
      ],
      ['?sort=name:up', /Invalid sort direction: up/],
      ['?sort=name&sort_key=size', /Old and new sorting syntax cannot be combined/],
      [
        '?sort_key=name&sort_key=size&sort_dir=asc&sort_dir=desc&sort_dir=asc',
        /Number of sort dirs does not match the number of sort keys/,
      ],
    ];
    for (const [query, message] of cases) {
      const response = await list(query);
      assert.equal(response.statusCode, 400, query);
      assert.match(response.json().message, message);
    }
  });

  test('limit and marker page through the list; next is linked while a page is full', async () => {
    const first = await list('?limit=2&sort=name:asc');
    assert.deepEqual(names(first), ['alpha', 'beta']);
    assert.equal(first.json().first, '/v2/images?limit=2&sort=name%3Aasc');
    assert.equal(first.json().next, `/v2/images?limit=2&sort=name%3Aasc&marker=${ids.beta}`);
    const second = await list(first.json().next.slice('/v2/images'.length));
    assert.deepEqual(names(second), ['gamma', 'zeta']);
    assert.equal(second.json().first, '/v2/images?limit=2&sort=name%3Aasc');
    const third = await list(second.json().next.slice('/v2/images'.length));
    assert.deepEqual(names(third), []);
    assert.equal('next' in third.json(), false);
    assert.deepEqual(names(await list('?limit=0')), []);
  });

  test('bad limits and markers are refused', async () => {
    const notInteger = await list('?limit=ten');
    assert.equal(notInteger.statusCode, 400);
    assert.match(notInteger.json().message, /^limit param must be an integer/);
    const negative = await list('?limit=-1');
    assert.match(negative.json().message, /^limit param must be positive/);
    const unknown = await list('?marker=nothing');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().message, /^No image found with ID nothing/);
    const hidden = await image.createImage('other', { visibility: 'private' });
    const invisible = await list(`?marker=${hidden.id}`);
    assert.equal(invisible.statusCode, 403);
    assert.match(invisible.json().message, /^Forbidding request, image .* not visible/);
    assert.equal((await list('?changes-since=2020-01-01')).statusCode, 400);
    assert.equal((await list('?member_status=maybe')).statusCode, 400);
  });

  test('a repeated parameter keeps its last value in the links, as Glance builds them', async () => {
    const response = await list('?limit=1&tag=x86&tag=linux');
    assert.deepEqual(names(response), ['alpha']);
    assert.equal(response.json().first, '/v2/images?limit=1&tag=linux');
    assert.equal(response.json().next, `/v2/images?limit=1&tag=linux&marker=${ids.alpha}`);
  });

  test("admins list every project's images; readers may list; a user without roles may not", async () => {
    const privateOnes = (await list('?visibility=private', 'admin')).json().images;
    assert.deepEqual(
      privateOnes.map((one: { owner: string }) => one.owner).sort(),
      [PROJECTS.one, PROJECTS.two],
      "the admin sees both projects' private images",
    );
    assert.deepEqual(names(await list('', 'reader')), names(await list('')));
    image.as('nobody', { userId: 'u-nobody', roles: [] });
    const refused = await list('', 'nobody');
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json().message, /You are not authorized to complete get_images action./);
  });
});
