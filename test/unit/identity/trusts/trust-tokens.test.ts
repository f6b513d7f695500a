import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { trustWorld, type TrustWorld } from './trust-world.js';

describe('trust-scoped tokens', () => {
  let world: TrustWorld;

  before(async () => {
    world = await trustWorld();
  });
  after(() => world.close());

  const trustScope = (id: string) => ({ 'OS-TRUST:trust': { id } });
  const asTrustee = (trustId: string) => ({
    identity: world.password(world.trustee),
    scope: trustScope(trustId),
  });
  const message = async (response: Promise<{ json(): { error: { message: string } } }>) =>
    (await response).json().error.message;

  test('with impersonation the token shows the trustor as its user, on the trust’s project', async () => {
    const trust = await world.createTrust();
    const { token, body } = await world.issue(asTrustee(trust.id));
    assert.deepEqual(body.methods, ['password']);
    assert.equal(body.user.id, world.trustor.id);
    assert.equal(body.user.name, 'trustor');
    assert.deepEqual(body['OS-TRUST:trust'], {
      id: trust.id,
      trustor_user: { id: world.trustor.id },
      trustee_user: { id: world.trustee.id },
      impersonation: true,
    });
    assert.equal(body.project.id, world.projectId);
    assert.equal(body.is_domain, undefined, 'Keystone shows no is_domain on trust tokens');
    assert.deepEqual(
      body.roles.map((r: { name: string }) => r.name),
      [world.delegated.name],
    );
    assert.ok(body.catalog.length > 0);
    const validated = await world.validate(token);
    assert.equal(validated.statusCode, 200);
    assert.deepEqual(validated.json().token['OS-TRUST:trust'], body['OS-TRUST:trust']);
    assert.equal(validated.json().token.user.id, world.trustor.id);
    // Services see the trustor, with the delegated roles only.
    const context = await world.identity.deps.tokens.validate(token);
    assert.equal(context.userId, world.trustor.id);
    assert.deepEqual(context.roles, [world.delegated.name]);
    assert.equal(context.projectId, world.projectId);
  });

  test('an impersonating trust token cannot mint lasting credentials of the trustor', async () => {
    const trust = await world.createTrust();
    const { token } = await world.issue(asTrustee(trust.id));
    const credential = await world.call(
      'POST',
      `/v3/users/${world.trustor.id}/application_credentials`,
      token,
      { application_credential: { name: 'via-trust' } },
    );
    assert.equal(credential.statusCode, 403, credential.body);
    const ec2 = await world.call('POST', `/v3/users/${world.trustor.id}/credentials/OS-EC2`, token, {
      tenant_id: world.projectId,
    });
    assert.equal(ec2.statusCode, 403, ec2.body);
  });

  test('without impersonation the token shows the trustee', async () => {
    const trust = await world.createTrust({ impersonation: false });
    const { body } = await world.issue(asTrustee(trust.id));
    assert.equal(body.user.id, world.trustee.id);
    assert.equal(body['OS-TRUST:trust'].impersonation, false);
  });

  test('roles the delegated ones imply come along', async () => {
    const implied = (
      await world.call('POST', '/v3/roles', world.admin, { role: { name: 'ImpliedByDelegated' } })
    ).json().role;
    const rule = await world.call(
      'PUT',
      `/v3/roles/${world.delegated.id}/implies/${implied.id}`,
      world.admin,
    );
    assert.equal(rule.statusCode, 201, rule.body);
    const trust = await world.createTrust();
    const { body } = await world.issue(asTrustee(trust.id));
    assert.deepEqual(body.roles.map((r: { name: string }) => r.name).sort(), [
      world.delegated.name,
      'ImpliedByDelegated',
    ]);
    await world.call('DELETE', `/v3/roles/${world.delegated.id}/implies/${implied.id}`, world.admin);
  });

  test('the trustee may use its own token instead of its password', async () => {
    const trust = await world.createTrust();
    const unscoped = await world.issue({ identity: world.password(world.trustee) });
    const { body } = await world.issue({
      identity: { methods: ['token'], token: { id: unscoped.token } },
      scope: trustScope(trust.id),
    });
    assert.deepEqual(body.methods, ['password', 'token']);
    assert.deepEqual(body.audit_ids[1], unscoped.body.audit_ids[0]);
    assert.equal(body.expires_at, unscoped.body.expires_at);
  });

  test('only the trustee may use a trust; the scope must name it alone', async () => {
    const trust = await world.createTrust();
    const byTrustor = await world.authenticate({
      identity: world.password(world.trustor),
      scope: trustScope(trust.id),
    });
    assert.equal(byTrustor.statusCode, 403);
    const noId = world.authenticate({
      identity: world.password(world.trustee),
      scope: { 'OS-TRUST:trust': {} },
    });
    assert.match(await message(noId), /^Expecting to find trust_id in trust\./);
    const unknown = await world.authenticate(asTrustee('nothing'));
    assert.equal(unknown.statusCode, 401);
    const both = world.authenticate({
      identity: world.password(world.trustee),
      scope: { ...trustScope(trust.id), project: { id: world.projectId } },
    });
    assert.match(
      await message(both),
      /^Expecting to find system, project, domain, OS-TRUST:trust or unscoped in scope\./,
    );
    const projectless = await world.createTrust({ project_id: null, roles: [] });
    const noProject = world.authenticate(asTrustee(projectless.id));
    assert.equal(await message(noProject), 'Could not find project: None.');
  });

  test('a trust-scoped token can neither be rescoped nor exchanged', async () => {
    const trust = await world.createTrust();
    const { token } = await world.issue(asTrustee(trust.id));
    for (const scope of [undefined, trustScope(trust.id), { project: { id: world.projectId } }]) {
      const response = await world.authenticate({
        identity: { methods: ['token'], token: { id: token } },
        ...(scope ? { scope } : {}),
      });
      assert.equal(response.statusCode, 403);
      assert.equal(
        response.json().error.message,
        'You are not authorized to perform the requested action: Using trust-scoped token to create another token. Create a new trust-scoped token instead.',
      );
    }
  });

  test('each token takes one use; a used-up trust gives no more, but its tokens stay valid', async () => {
    const trust = await world.createTrust({ remaining_uses: 2 });
    const first = await world.issue(asTrustee(trust.id));
    const shown = await world.call('GET', `/v3/OS-TRUST/trusts/${trust.id}`, world.trustorToken);
    assert.equal(shown.json().trust.remaining_uses, 1);
    await world.issue(asTrustee(trust.id));
    const third = await world.authenticate(asTrustee(trust.id));
    assert.equal(third.statusCode, 401);
    assert.equal(
      (await world.call('GET', `/v3/OS-TRUST/trusts/${trust.id}`, world.trustorToken)).statusCode,
      404,
    );
    const listed = await world.call(
      'GET',
      `/v3/OS-TRUST/trusts?trustor_user_id=${world.trustor.id}`,
      world.trustorToken,
    );
    assert.equal(listed.json().trusts.find((t: { id: string }) => t.id === trust.id).remaining_uses, 0);
    assert.equal((await world.validate(first.token)).statusCode, 200);
  });

  test('once the trust expires its tokens stop validating and no new ones are given', async () => {
    const trust = await world.createTrust({ expires_at: new Date(Date.now() + 60_000).toISOString() });
    const { token } = await world.issue(asTrustee(trust.id));
    assert.equal((await world.validate(token)).statusCode, 200);
    world.advance(120_000);
    try {
      const expired = await world.validate(token);
      assert.equal(expired.statusCode, 404);
      assert.equal(expired.json().error.message, `Could not find trust: ${trust.id}.`);
      assert.equal((await world.authenticate(asTrustee(trust.id))).statusCode, 401);
    } finally {
      world.advance(-120_000);
    }
  });

  test('deleting the trust revokes its tokens', async () => {
    const trust = await world.createTrust();
    const { token } = await world.issue(asTrustee(trust.id));
    const catalog = () => world.call('GET', '/v3/auth/catalog', token);
    assert.equal((await catalog()).statusCode, 200);
    assert.equal(
      (await world.call('DELETE', `/v3/OS-TRUST/trusts/${trust.id}`, world.trustorToken)).statusCode,
      204,
    );
    assert.equal((await catalog()).statusCode, 401);
    assert.equal((await world.validate(token)).statusCode, 404);
    const event = await world.identity.db
      .selectFrom('revocation_event')
      .selectAll()
      .where('trust_id', '=', trust.id)
      .executeTakeFirst();
    assert.ok(event, 'a revocation event names the trust');
  });

  test('a trustor who loses a delegated role takes the trust’s tokens down with it', async () => {
    const trustor = await world.newUser('fickle', [world.delegated.id]);
    const trustorToken = (
      await world.issue({ identity: world.password(trustor), scope: { project: { id: world.projectId } } })
    ).token;
    const trust = await world.createTrust({ trustor_user_id: trustor.id }, trustorToken);
    const { token } = await world.issue(asTrustee(trust.id));
    const grant = `/v3/projects/${world.projectId}/users/${trustor.id}/roles/${world.delegated.id}`;
    assert.equal((await world.call('DELETE', grant, world.admin)).statusCode, 204);
    assert.equal((await world.validate(token)).statusCode, 403);
    assert.equal((await world.authenticate(asTrustee(trust.id))).statusCode, 403);
  });

  test('a token of a trust without redelegation cannot make another trust', async () => {
    const trust = await world.createTrust();
    const { token } = await world.issue(asTrustee(trust.id));
    // Impersonating, the trustee acts as the trustor, so it may name the trustor as trustor.
    const again = await world.call('POST', '/v3/OS-TRUST/trusts', token, {
      trust: {
        trustor_user_id: world.trustor.id,
        trustee_user_id: world.trustee.id,
        project_id: world.projectId,
        roles: [{ id: world.delegated.id }],
        impersonation: true,
      },
    });
    assert.equal(again.statusCode, 403);
    // It may read trusts, as the trustor.
    const listed = await world.call('GET', `/v3/OS-TRUST/trusts?trustor_user_id=${world.trustor.id}`, token);
    assert.equal(listed.statusCode, 200);
  });

  test('a redelegable trust is passed on within its bounds', async () => {
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    const parent = await world.createTrust({
      allow_redelegation: true,
      redelegation_count: 2,
      expires_at: expires,
    });
    assert.equal(parent.redelegation_count, 2);
    const { token } = await world.issue(asTrustee(parent.id));
    const third = await world.newUser('third');
    const redelegate = (fields: Record<string, unknown> = {}) =>
      world.call('POST', '/v3/OS-TRUST/trusts', token, {
        trust: {
          trustor_user_id: world.trustor.id,
          trustee_user_id: third.id,
          project_id: world.projectId,
          roles: [{ id: world.delegated.id }],
          impersonation: true,
          allow_redelegation: true,
          ...fields,
        },
      });
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    assert.equal((await redelegate({ expires_at: later })).statusCode, 403, 'outlives its parent');
    assert.equal(
      (await redelegate({ roles: [{ id: world.notDelegated.id }] })).statusCode,
      403,
      'widens the roles',
    );
    assert.equal((await redelegate({ redelegation_count: 2 })).statusCode, 403, 'resets the count');
    const limited = await redelegate({ allow_redelegation: false, remaining_uses: 1 });
    assert.equal(limited.statusCode, 403, 'limits its uses');
    const child = await redelegate();
    assert.equal(child.statusCode, 201, child.body);
    const created = child.json().trust;
    assert.equal(created.redelegated_trust_id, parent.id);
    assert.equal(created.redelegation_count, 1);
    assert.equal(created.expires_at, parent.expires_at);

    const used = await world.issue({ identity: world.password(third), scope: trustScope(created.id) });
    assert.equal(used.body.user.id, world.trustor.id);
    assert.deepEqual(
      used.body.roles.map((r: { name: string }) => r.name),
      [world.delegated.name],
    );
    // Deleting the parent deletes what was redelegated from it (same trustor), and its tokens.
    assert.equal(
      (await world.call('DELETE', `/v3/OS-TRUST/trusts/${parent.id}`, world.trustorToken)).statusCode,
      204,
    );
    assert.equal(
      (await world.call('GET', `/v3/OS-TRUST/trusts/${created.id}`, world.trustorToken)).statusCode,
      404,
    );
    assert.equal((await world.validate(used.token)).statusCode, 404);
  });
});
