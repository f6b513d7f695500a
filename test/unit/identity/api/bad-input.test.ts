import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

// Bad input gets Keystone's error body with a message, never a 500 and never a half-done write.
describe('bad input', () => {
  let identity: IdentityTestApp;
  before(async () => {
    identity = await identityTestApp({ realTokens: true });
  });
  after(() => identity.close());

  const send = (url: string, payload: string, method: 'POST' | 'PATCH' = 'POST') =>
    identity.app.inject({ method, url, payload, headers: { 'content-type': 'application/json' } });

  const assertError = (
    response: { statusCode: number; json(): unknown },
    status: number,
    message: RegExp,
  ) => {
    assert.equal(response.statusCode, status);
    const body = response.json() as { error: { code: number; title: string; message: string } };
    assert.equal(body.error.code, status);
    assert.equal(typeof body.error.title, 'string');
    assert.match(body.error.message, message);
  };

  test('malformed JSON is a 400', async () => {
    assertError(await send('/identity/v3/auth/tokens', '{"auth": {'), 400, /JSON/i);
  });

  test('a missing field is a 400 naming it', async () => {
    assertError(await send('/identity/v3/auth/tokens', '{}'), 400, /auth/);
    assertError(await send('/identity/v3/auth/tokens', '{"auth": {"identity": {}}}'), 400, /methods/);
  });

  test('a wrong type is a 400 naming the field', async () => {
    assertError(
      await send('/identity/v3/auth/tokens', '{"auth": {"identity": {"methods": "password"}}}'),
      400,
      /identity\/methods/,
    );
    assertError(
      await send(
        '/identity/v3/auth/tokens',
        '{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": 5}}}}}',
      ),
      400,
      /name/,
    );
  });

  test('a body larger than the limit is refused with 413, as Keystone does', async () => {
    const huge = JSON.stringify({
      auth: { identity: { methods: ['password'] }, pad: 'x'.repeat(200 * 1024) },
    });
    assertError(await send('/identity/v3/auth/tokens', huge), 413, /too large/i);
  });

  test('the wrong content type is refused, not a 500', async () => {
    const response = await identity.app.inject({
      method: 'POST',
      url: '/identity/v3/auth/tokens',
      payload: 'auth=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(response.statusCode, 415);
  });

  test('an empty body with a JSON content type is no body, as clients send on grants', async () => {
    const admin = await identity.app.inject({
      method: 'POST',
      url: '/identity/v3/auth/tokens',
      payload: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { id: identity.ids.adminUser, password: 'admin-secret' } },
          },
          scope: { project: { id: identity.ids.adminProject } },
        },
      },
    });
    const grant = await identity.app.inject({
      method: 'PUT',
      url: `/identity/v3/projects/${identity.ids.adminProject}/users/${identity.ids.demoUser}/roles/${identity.ids.roles.reader}`,
      headers: {
        'x-auth-token': admin.headers['x-subject-token'] as string,
        'content-type': 'application/json',
      },
      payload: '',
    });
    assert.equal(grant.statusCode, 204);
    assertError(await send('/identity/v3/auth/tokens', ''), 400, /body/);
  });

  test('an unknown path is Keystone’s 404', async () => {
    const response = await identity.app.inject({ method: 'GET', url: '/identity/v3/nothing-here' });
    assertError(response, 404, /could not be found/);
  });
});
