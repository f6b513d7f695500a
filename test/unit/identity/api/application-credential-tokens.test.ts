import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

// The whole path with real tokens: a password token creates an application credential, its
// secret authenticates, and deleting it ends the tokens made with it.
describe('application credentials with real tokens', () => {
  let identity: IdentityTestApp;
  before(async () => {
    identity = await identityTestApp({ realTokens: true });
  });
  after(() => identity.close());

  const issue = async (identityBody: object, scope?: object) => {
    const response = await identity.app.inject({
      method: 'POST',
      url: '/identity/v3/auth/tokens',
      payload: { auth: { identity: identityBody, ...(scope && { scope }) } },
    });
    assert.equal(response.statusCode, 201, response.body);
    return { token: response.headers['x-subject-token'] as string, body: response.json().token };
  };
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: object) =>
    identity.app.inject({ method, url, headers: { 'x-auth-token': token }, ...(payload && { payload }) });

  test('create, authenticate with the secret, delete, and its tokens stop working', async () => {
    const password = await issue(
      {
        methods: ['password'],
        password: { user: { name: 'demo', domain: { id: 'default' }, password: 'demo-secret' } },
      },
      { project: { name: 'demo', domain: { id: 'default' } } },
    );
    const base = `/identity/v3/users/${identity.ids.demoUser}/application_credentials`;
    const created = await call('POST', base, password.token, {
      application_credential: { name: 'ci', roles: [{ name: 'reader' }] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const credential = created.json().application_credential;

    const viaCredential = await issue({
      methods: ['application_credential'],
      application_credential: { id: credential.id, secret: credential.secret },
    });
    assert.equal(viaCredential.body.project.id, identity.ids.demoProject);
    assert.deepEqual(
      viaCredential.body.roles.map((r: { name: string }) => r.name),
      ['reader'],
    );
    assert.equal(viaCredential.body.application_credential.id, credential.id);
    // A restricted credential's token may not make another one.
    const child = await call('POST', base, viaCredential.token, {
      application_credential: { name: 'child' },
    });
    assert.equal(child.statusCode, 403);

    assert.equal((await call('DELETE', `${base}/${credential.id}`, password.token)).statusCode, 204);
    const after = await call('GET', base, viaCredential.token);
    assert.equal(after.statusCode, 401);
  });
});
