import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';
import { Fixtures } from '../assignments/fixtures.js';

interface InferenceRole {
  id: string;
  name: string;
  links: { self: string };
}

describe('implied roles API', () => {
  let identity: IdentityTestApp;
  let fixtures: Fixtures;
  before(async () => {
    identity = await identityTestApp();
    fixtures = new Fixtures(identity.db);
  });
  after(() => identity.close());

  const ref = (id: string, name: string): InferenceRole => ({
    id,
    links: { self: `${BASE_URL}/v3/roles/${id}` },
    name,
  });
  const rule = (prior: string, implied: string) => `/identity/v3/roles/${prior}/implies/${implied}`;
  const message = (response: { json(): unknown }) =>
    (response.json() as { error: { message: string } }).error.message;

  test('creates, shows, checks and deletes an implication', async () => {
    const prior = await fixtures.role('prior');
    const implied = await fixtures.role('implied');
    const created = await identity.request('PUT', rule(prior, implied));
    assert.equal(created.statusCode, 201);
    const expected = {
      role_inference: { prior_role: ref(prior, 'prior'), implies: ref(implied, 'implied') },
      links: { self: `${BASE_URL}/v3/roles/${prior}/implies/${implied}` },
    };
    assert.deepEqual(created.json(), expected);
    assert.deepEqual((await identity.request('GET', rule(prior, implied))).json(), expected);
    const check = await identity.request('HEAD', rule(prior, implied));
    assert.equal(check.statusCode, 204);
    assert.equal(check.body, '');

    const again = await identity.request('PUT', rule(prior, implied));
    assert.equal(again.statusCode, 409);
    assert.equal(message(again), 'Conflict occurred attempting to store implied_role - Duplicate entry.');

    assert.equal((await identity.request('DELETE', rule(prior, implied))).statusCode, 204);
    const gone = await identity.request('GET', rule(prior, implied));
    assert.equal(gone.statusCode, 404);
    assert.equal(message(gone), `${prior} does not imply ${implied}.`);
    assert.equal((await identity.request('HEAD', rule(prior, implied))).statusCode, 404);
    assert.equal((await identity.request('DELETE', rule(prior, implied))).statusCode, 404);
  });

  test('a missing role is named in the 404', async () => {
    const role = await fixtures.role('exists');
    const response = await identity.request('PUT', rule(role, 'nope'));
    assert.equal(response.statusCode, 404);
    assert.equal(message(response), 'Could not find role: nope.');
    assert.equal(
      message(await identity.request('GET', '/identity/v3/roles/nope/implies')),
      'Could not find role: nope.',
    );
  });

  test('lists what a role implies (one level) and every rule', async () => {
    const [a, b, c, d] = [
      await fixtures.role('r0'),
      await fixtures.role('r1'),
      await fixtures.role('r2'),
      await fixtures.role('r3'),
    ];
    for (const [prior, implied] of [
      [a, b],
      [a, c],
      [c, d],
    ]) {
      assert.equal((await identity.request('PUT', rule(prior, implied))).statusCode, 201);
    }
    const list = (await identity.request('GET', `/identity/v3/roles/${a}/implies`)).json() as {
      role_inference: { prior_role: InferenceRole; implies: InferenceRole[] };
      links: { self: string };
    };
    assert.deepEqual(list.role_inference.prior_role, ref(a, 'r0'));
    assert.deepEqual(list.role_inference.implies.map((role) => role.id).sort(), [b, c].sort());
    assert.equal(list.links.self, `${BASE_URL}/v3/roles/${a}/implies`);

    const all = (await identity.request('GET', '/identity/v3/role_inferences')).json() as {
      role_inferences: { prior_role: InferenceRole; implies: InferenceRole[] }[];
    };
    const byPrior = new Map(
      all.role_inferences.map((entry) => [entry.prior_role.id, entry.implies.map((r) => r.name)]),
    );
    assert.deepEqual(byPrior.get(a)?.sort(), ['r1', 'r2']);
    assert.deepEqual(byPrior.get(c), ['r3']);
    // Bootstrap's admin -> member -> reader.
    assert.deepEqual(byPrior.get(identity.ids.roles.admin), ['member']);
    assert.deepEqual(byPrior.get(identity.ids.roles.member), ['reader']);
  });

  test('cycles and self-implication are allowed, as Keystone allows them', async () => {
    const [a, b] = [await fixtures.role('cycle-a'), await fixtures.role('cycle-b')];
    assert.equal((await identity.request('PUT', rule(a, b))).statusCode, 201);
    assert.equal((await identity.request('PUT', rule(b, a))).statusCode, 201);
    assert.equal((await identity.request('PUT', rule(a, a))).statusCode, 201);
  });

  test('a global role cannot imply a domain-specific one, and nothing may imply admin', async () => {
    const domain = await fixtures.domain('implied-domain');
    const otherDomain = await fixtures.domain('implied-other');
    const global = await fixtures.role('global');
    const domainRole = await fixtures.role('domain-role', domain);
    const domainRole2 = await fixtures.role('domain-role-2', domain);
    const foreignRole = await fixtures.role('foreign-role', otherDomain);
    assert.equal((await identity.request('PUT', rule(domainRole, domainRole2))).statusCode, 201);
    assert.equal((await identity.request('PUT', rule(domainRole, foreignRole))).statusCode, 201);
    assert.equal((await identity.request('PUT', rule(domainRole, global))).statusCode, 201);
    const refused = await identity.request('PUT', rule(global, domainRole));
    assert.equal(refused.statusCode, 403);
    assert.equal(message(refused), `${domainRole} cannot be an implied roles.`);
    const admin = await identity.request('PUT', rule(global, identity.ids.roles.admin));
    assert.equal(admin.statusCode, 403);
    assert.equal(message(admin), `${identity.ids.roles.admin} cannot be an implied roles.`);
  });

  test('only a cloud admin may change implications; a member may not read them', async () => {
    const [a, b] = [await fixtures.role('policy-a'), await fixtures.role('policy-b')];
    assert.equal((await identity.request('PUT', rule(a, b), 'member')).statusCode, 403);
    assert.equal((await identity.request('GET', '/identity/v3/role_inferences', 'member')).statusCode, 403);
    assert.equal(
      (await identity.request('GET', `/identity/v3/roles/${a}/implies`, 'member')).statusCode,
      403,
    );
  });
});
