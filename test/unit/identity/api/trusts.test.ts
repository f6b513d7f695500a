import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { trustWorld, type TrustWorld } from '../trusts/trust-world.js';

const BASE = 'http://stratus.test/identity/v3';

describe('OS-TRUST trusts API', () => {
  let world: TrustWorld;
  let trusteeToken: string;
  let outsider: string;

  before(async () => {
    world = await trustWorld();
    trusteeToken = (await world.issue({ identity: world.password(world.trustee) })).token;
    const other = await world.newUser('outsider', [world.delegated.id]);
    outsider = (
      await world.issue({ identity: world.password(other), scope: { project: { id: world.projectId } } })
    ).token;
  });
  after(() => world.close());

  const post = (trust: Record<string, unknown>, token = world.trustorToken) =>
    world.call('POST', '/v3/OS-TRUST/trusts', token, { trust });
  const valid = () => ({
    trustor_user_id: world.trustor.id,
    trustee_user_id: world.trustee.id,
    project_id: world.projectId,
    roles: [{ name: world.delegated.name }],
    impersonation: true,
  });
  const refused = async (trust: Record<string, unknown>, status: number, message: string | RegExp) => {
    const response = await post(trust);
    assert.equal(response.statusCode, status, response.body);
    const text = response.json().error.message;
    if (typeof message === 'string') assert.equal(text, message);
    else assert.match(text, message);
  };

  test('a trust is created and shown as Keystone shows it, with the delegated role only', async () => {
    const trust = await world.createTrust();
    const { id } = trust;
    const role = trust.roles[0];
    assert.deepEqual(trust, {
      roles: [
        {
          id: world.delegated.id,
          name: world.delegated.name,
          domain_id: null,
          description: null,
          options: {},
          links: { self: `${BASE}/roles/${world.delegated.id}` },
        },
      ],
      id,
      trustor_user_id: world.trustor.id,
      trustee_user_id: world.trustee.id,
      project_id: world.projectId,
      impersonation: true,
      expires_at: null,
      remaining_uses: null,
      deleted_at: null,
      redelegated_trust_id: null,
      redelegation_count: 0,
      roles_links: { self: `${BASE}/${id}/roles`, next: null, previous: null },
      links: { self: `${BASE}/OS-TRUST/trusts/${id}` },
    });
    const shown = await world.call('GET', `/v3/OS-TRUST/trusts/${id}`, world.trustorToken);
    assert.equal(shown.statusCode, 200);
    assert.deepEqual(shown.json().trust, trust);

    const roles = await world.call('GET', `/v3/OS-TRUST/trusts/${id}/roles`, world.trustorToken);
    assert.deepEqual(roles.json(), { roles: [role], links: trust.roles_links });
    const one = await world.call(
      'GET',
      `/v3/OS-TRUST/trusts/${id}/roles/${world.delegated.id}`,
      world.trustorToken,
    );
    assert.deepEqual(one.json(), { role });
    const head = await world.call(
      'HEAD',
      `/v3/OS-TRUST/trusts/${id}/roles/${world.delegated.id}`,
      world.trustorToken,
    );
    assert.equal(head.statusCode, 200);
    for (const method of ['GET', 'HEAD']) {
      const other = await world.call(
        method,
        `/v3/OS-TRUST/trusts/${id}/roles/${world.notDelegated.id}`,
        world.trustorToken,
      );
      assert.equal(other.statusCode, 404);
    }
    await world.call('DELETE', `/v3/OS-TRUST/trusts/${id}`, world.trustorToken);
  });

  test('expires_at is shown to the second; a bad or past one is 400', async () => {
    const expires = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const trust = await world.createTrust({
      expires_at: expires.replace('Z', '.123456Z'),
      impersonation: false,
    });
    assert.equal(trust.expires_at, expires.replace('Z', '.000000Z'));
    assert.equal(trust.impersonation, false);
    const clientError =
      'The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.';
    await refused(
      { ...valid(), expires_at: 'bad.123Z' },
      400,
      `Timestamp not in expected format. ${clientError}`,
    );
    await refused(
      { ...valid(), expires_at: '2001-01-01T00:00:00Z' },
      400,
      `The 'expires_at' must not be before now. ${clientError}`,
    );
  });

  test('bad input is refused with upstream status and message', async () => {
    const { impersonation: _, ...withoutImpersonation } = valid();
    await refused(withoutImpersonation, 400, /'body\/trust\/impersonation'/);
    await refused({ ...valid(), remaining_uses: 0 }, 400, /remaining_uses/);
    await refused({ ...valid(), roles: [{ id: 'a', name: 'b' }] }, 400, /roles/);
    await refused(
      { ...valid(), roles: [] },
      403,
      'You are not authorized to perform the requested action: At least one role should be specified.',
    );
    await refused(
      { ...valid(), trustor_user_id: world.trustee.id },
      403,
      'You are not authorized to perform the requested action: identity:create_trust.',
    );
    const { trustor_user_id: __, ...withoutTrustor } = valid();
    await refused(withoutTrustor, 403, /identity:create_trust/);
    await refused({ ...valid(), trustee_user_id: 'nobody' }, 404, 'Could not find user: nobody.');
    await refused({ ...valid(), project_id: 'nowhere' }, 404, 'Could not find project: nowhere.');
    await refused({ ...valid(), roles: [{ name: 'NoSuchRole' }] }, 404, 'Role NoSuchRole is not defined');
    // The trustor holds no admin role on the project: it cannot delegate one.
    const adminRole = world.identity.ids.roles.admin;
    await refused({ ...valid(), roles: [{ id: adminRole }] }, 404, `Could not find role: ${adminRole}.`);
    await refused(
      { ...valid(), allow_redelegation: true, remaining_uses: 2 },
      400,
      'remaining_uses must not be set if redelegation is allowed',
    );
    await refused(
      { ...valid(), allow_redelegation: true, redelegation_count: 10 },
      403,
      'You are not authorized to perform the requested action.',
    );
  });

  test('an identical trust (same expiry) is a conflict; without expiry there can be several', async () => {
    const expires_at = new Date(Date.now() + 7200_000).toISOString();
    const first = await world.createTrust({ expires_at });
    const again = await post({ ...valid(), expires_at });
    assert.equal(again.statusCode, 409);
    assert.match(
      again.json().error.message,
      /^Conflict occurred attempting to store trust - Duplicate entry found/,
    );
    const a = await world.createTrust();
    const b = await world.createTrust();
    for (const { id } of [first, a, b])
      await world.call('DELETE', `/v3/OS-TRUST/trusts/${id}`, world.trustorToken);
  });

  test('attributes beyond Keystone’s are kept and shown back', async () => {
    const trust = await world.createTrust({ purpose: 'backups' });
    assert.equal(trust.purpose, 'backups');
    const listed = await world.call(
      'GET',
      `/v3/OS-TRUST/trusts?trustor_user_id=${world.trustor.id}`,
      world.trustorToken,
    );
    assert.equal(listed.json().trusts.find((t: { id: string }) => t.id === trust.id).purpose, 'backups');
    await world.call('DELETE', `/v3/OS-TRUST/trusts/${trust.id}`, world.trustorToken);
  });

  test('listing: the trustor and the trustee see theirs, only an admin sees all', async () => {
    const trust = await world.createTrust({ remaining_uses: 3 });
    const list = async (query: string, token: string) => {
      const response = await world.call('GET', `/v3/OS-TRUST/trusts${query}`, token);
      return { status: response.statusCode, ids: response.json().trusts?.map((t: { id: string }) => t.id) };
    };
    const byTrustor = await world.call(
      'GET',
      `/v3/OS-TRUST/trusts/?trustor_user_id=${world.trustor.id}`,
      world.trustorToken,
    );
    assert.equal(byTrustor.statusCode, 200);
    const summary = byTrustor.json().trusts.find((t: { id: string }) => t.id === trust.id);
    assert.equal(summary.roles, undefined, 'a listed trust has no roles');
    assert.equal(summary.roles_links, undefined);
    assert.equal(summary.remaining_uses, 3);
    assert.equal(byTrustor.json().links.self, `${BASE}/OS-TRUST/trusts/?trustor_user_id=${world.trustor.id}`);

    assert.ok((await list(`?trustee_user_id=${world.trustee.id}`, trusteeToken)).ids.includes(trust.id));
    assert.deepEqual(await list(`?trustor_user_id=${world.trustee.id}`, trusteeToken), {
      status: 200,
      ids: [],
    });
    assert.equal((await list(`?trustor_user_id=${world.trustor.id}`, trusteeToken)).status, 403);
    assert.equal((await list(`?trustee_user_id=${world.trustee.id}`, outsider)).status, 403);
    assert.equal((await list('', world.trustorToken)).status, 403);
    assert.ok((await list('', world.admin)).ids.includes(trust.id));
    // As upstream: a query naming neither filter lists nothing.
    assert.deepEqual(await list('?name=x', world.admin), { status: 200, ids: [] });
    await world.call('DELETE', `/v3/OS-TRUST/trusts/${trust.id}`, world.trustorToken);
  });

  test('showing and deleting: the trustee may look, only the trustor (or an admin) may delete', async () => {
    const trust = await world.createTrust();
    const path = `/v3/OS-TRUST/trusts/${trust.id}`;
    assert.equal((await world.call('GET', path, trusteeToken)).statusCode, 200);
    assert.equal((await world.call('GET', `${path}/roles`, trusteeToken)).statusCode, 200);
    assert.equal((await world.call('GET', path, outsider)).statusCode, 403);
    assert.equal((await world.call('GET', `${path}/roles`, outsider)).statusCode, 403);
    assert.equal((await world.call('DELETE', path, trusteeToken)).statusCode, 403);
    assert.equal((await world.call('DELETE', path, outsider)).statusCode, 403);
    assert.equal((await world.call('DELETE', path, world.trustorToken)).statusCode, 204);
    const gone = await world.call('GET', path, world.trustorToken);
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.message, `Could not find trust: ${trust.id}.`);
    assert.equal((await world.call('DELETE', path, world.trustorToken)).statusCode, 404);
    const listed = await world.call(
      'GET',
      `/v3/OS-TRUST/trusts?trustor_user_id=${world.trustor.id}`,
      world.trustorToken,
    );
    assert.ok(!listed.json().trusts.some((t: { id: string }) => t.id === trust.id));
    // A missing trust is 404 before any policy check.
    assert.equal((await world.call('GET', '/v3/OS-TRUST/trusts/nothing', outsider)).statusCode, 404);
  });

  test('an admin may delete anybody’s trust', async () => {
    const trust = await world.createTrust();
    assert.equal(
      (await world.call('DELETE', `/v3/OS-TRUST/trusts/${trust.id}`, world.admin)).statusCode,
      204,
    );
  });

  test('a token from an application credential may not manage trusts', async () => {
    const created = await world.call(
      'POST',
      `/v3/users/${world.trustor.id}/application_credentials`,
      world.trustorToken,
      {
        application_credential: { name: 'for-trusts' },
      },
    );
    assert.equal(created.statusCode, 201, created.body);
    const { id, secret } = created.json().application_credential;
    const { token } = await world.issue({
      identity: { methods: ['application_credential'], application_credential: { id, secret } },
    });
    const message =
      'You are not authorized to perform the requested action: Delegated tokens cannot manage trusts.';
    const create = await post(valid(), token);
    assert.equal(create.statusCode, 403);
    assert.equal(create.json().error.message, message);
    const list = await world.call('GET', `/v3/OS-TRUST/trusts?trustor_user_id=${world.trustor.id}`, token);
    assert.equal(list.json().error.message, message);
  });
});
