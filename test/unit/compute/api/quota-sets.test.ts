import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { computeTestApp, type ComputeTestApp } from '../../../helpers/compute-app.js';

const P = PROJECTS.one;
/** Tempest's quota_set keys (v2_1, v2_36, v2_57), without id. */
const V257 = [
  'cores',
  'instances',
  'key_pairs',
  'metadata_items',
  'ram',
  'server_group_members',
  'server_groups',
];
const V236 = [...V257, 'injected_file_content_bytes', 'injected_file_path_bytes', 'injected_files'].sort();
const V21 = [...V236, 'fixed_ips', 'floating_ips', 'security_group_rules', 'security_groups'].sort();
const keys = (set: Record<string, unknown>) =>
  Object.keys(set)
    .filter((key) => key !== 'id')
    .sort();

describe('os-quota-sets and os-quota-class-sets', () => {
  let compute: ComputeTestApp;
  before(async () => {
    compute = await computeTestApp();
  });
  after(() => compute.close());

  const put = (body: unknown, query = '', version = '2.1', caller = 'admin') =>
    compute.request('PUT', `/os-quota-sets/${P}${query}`, { body, version, caller });

  test('show and defaults: shapes per microversion', async () => {
    const shown = (await compute.request('GET', `/os-quota-sets/${P}`, { caller: 'member' })).json();
    assert.equal(shown.quota_set.id, P);
    assert.deepEqual(keys(shown.quota_set), V21);
    assert.equal(shown.quota_set.instances, 10);
    const at236 = (await compute.request('GET', `/os-quota-sets/${P}/defaults`, { version: '2.36' })).json();
    assert.deepEqual(keys(at236.quota_set), V236);
    const at257 = (await compute.request('GET', `/os-quota-sets/${P}`, { version: '2.57' })).json();
    assert.deepEqual(keys(at257.quota_set), V257);
  });

  test('update a project and a user within it; delete reverts to defaults', async () => {
    const updated = await put({ quota_set: { instances: 20, cores: '-1' } });
    assert.equal(updated.statusCode, 200);
    assert.equal(updated.json().quota_set.id, undefined);
    assert.deepEqual([updated.json().quota_set.instances, updated.json().quota_set.cores], [20, -1]);
    const user = await put({ quota_set: { instances: 5 } }, '?user_id=u-member');
    assert.equal(user.json().quota_set.instances, 5);
    const shown = await compute.request('GET', `/os-quota-sets/${P}?user_id=u-member`);
    assert.deepEqual([shown.json().quota_set.instances, shown.json().quota_set.cores], [5, -1]);
    const tooMuch = await put({ quota_set: { instances: 21 } }, '?user_id=u-member');
    assert.equal(tooMuch.statusCode, 400);
    assert.equal(
      tooMuch.json().badRequest.message,
      'Quota limit 21 for instances must be less than or equal to 20.',
    );
    const deleted = await compute.request('DELETE', `/os-quota-sets/${P}`);
    assert.equal(deleted.statusCode, 202);
    const after = (await compute.request('GET', `/os-quota-sets/${P}?user_id=u-member`)).json();
    assert.deepEqual([after.quota_set.instances, after.quota_set.cores], [10, 20]);
  });

  test('below usage is refused unless forced; detail shows usage', async () => {
    for (const name of ['a', 'b']) {
      await compute.request('POST', '/os-keypairs', {
        caller: 'member',
        body: {
          keypair: {
            name,
            public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGkSRCt8p4NLB0m4kgaRQmGpCa+RrC6yiTEyYgBSkg5c x',
          },
        },
      });
    }
    const detail = (await compute.request('GET', `/os-quota-sets/${P}/detail?user_id=u-member`)).json();
    assert.deepEqual(detail.quota_set.key_pairs, { in_use: 2, limit: 100, reserved: 0 });
    const below = await put({ quota_set: { key_pairs: 1 } }, '?user_id=u-member');
    assert.equal(below.statusCode, 400);
    assert.equal(
      below.json().badRequest.message,
      'Quota limit 1 for key_pairs must be greater than or equal to already used and reserved 2.',
    );
    const forced = await put({ quota_set: { key_pairs: 2, force: true } }, '?user_id=u-member');
    assert.equal(forced.json().quota_set.key_pairs, 2);
    const third = await compute.request('POST', '/os-keypairs', {
      caller: 'member',
      body: {
        keypair: {
          name: 'c',
          public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGkSRCt8p4NLB0m4kgaRQmGpCa+RrC6yiTEyYgBSkg5c x',
        },
      },
    });
    assert.deepEqual(third.json(), {
      forbidden: { code: 403, message: 'Quota exceeded, too many key pairs.' },
    });
    await compute.request('DELETE', `/os-quota-sets/${P}?user_id=u-member`);
  });

  test('bad input is a 400', async () => {
    const cases: [unknown, string][] = [
      [{ quota_set: { instances: 'many' } }, '2.1'],
      [{ quota_set: { instances: -2 } }, '2.1'],
      [{ quota_set: { bogus: 1 } }, '2.1'],
      [{ quota_set: { networks: 1 } }, '2.1'],
      [{ quota_set: { floating_ips: 1 } }, '2.36'],
      [{ quota_set: { injected_files: 1 } }, '2.57'],
      [{}, '2.1'],
    ];
    for (const [body, version] of cases) {
      assert.equal((await put(body, '', version)).statusCode, 400, JSON.stringify(body));
    }
    assert.equal(
      (await put({ quota_set: { networks: 1 } })).json().badRequest.message,
      'The networks quota has been removed',
    );
    assert.equal(
      (await compute.request('GET', `/os-quota-sets/${P}?foo=1`, { version: '2.75' })).statusCode,
      400,
    );
  });

  test('policy: members may read their project, not update, delete or see another', async () => {
    const refusals = [
      [await put({ quota_set: { instances: 1 } }, '', '2.1', 'member'), 'os-quota-sets:update'],
      [await compute.request('DELETE', `/os-quota-sets/${P}`, { caller: 'member' }), 'os-quota-sets:delete'],
      [
        await compute.request('GET', `/os-quota-sets/${PROJECTS.two}`, { caller: 'member' }),
        'os-quota-sets:show',
      ],
      [
        await compute.request('GET', '/os-quota-class-sets/default', { caller: 'member' }),
        'os-quota-class-sets:show',
      ],
    ] as const;
    for (const [response, action] of refusals) {
      assert.equal(response.statusCode, 403);
      assert.equal(
        response.json().forbidden.message,
        `Policy doesn't allow os_compute_api:${action} to be performed.`,
      );
    }
    const defaults = await compute.request('GET', `/os-quota-sets/${PROJECTS.two}/defaults`, {
      caller: 'member',
    });
    assert.equal(defaults.statusCode, 200);
  });

  test('the default quota class feeds the defaults; classes are shaped per microversion', async () => {
    const shown = (await compute.request('GET', '/os-quota-class-sets/default')).json().quota_class_set;
    assert.equal(shown.id, 'default');
    assert.equal(shown.server_groups, undefined);
    assert.equal(shown.floating_ips, -1);
    const at250 = (await compute.request('GET', '/os-quota-class-sets/default', { version: '2.50' })).json();
    assert.equal(at250.quota_class_set.server_groups, 10);
    assert.equal(at250.quota_class_set.floating_ips, undefined);
    const updated = await compute.request('PUT', '/os-quota-class-sets/default', {
      version: '2.57',
      body: { quota_class_set: { instances: 30 } },
    });
    assert.equal(updated.statusCode, 200);
    assert.deepEqual(keys(updated.json().quota_class_set), V257);
    const defaults = (await compute.request('GET', `/os-quota-sets/${P}/defaults`)).json();
    assert.equal(defaults.quota_set.instances, 30);
    const bad = await compute.request('PUT', '/os-quota-class-sets/default', {
      version: '2.57',
      body: { quota_class_set: { injected_files: 1 } },
    });
    assert.equal(bad.statusCode, 400);
    await compute.request('PUT', '/os-quota-class-sets/default', {
      body: { quota_class_set: { instances: 10 } },
    });
  });
});
