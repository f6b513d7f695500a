import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';
import {
  applicationCredentialToken,
  createApplicationCredential,
  passwordToken,
  type IssuedToken,
} from '../../../helpers/identity-tokens.js';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';

// One token from an application credential with access rules, presented to two services that
// validate through identity: each allows what a rule names for its own service type, and
// refuses the rest with 401, as keystonemiddleware does.
describe('access rules across services', () => {
  let identity: IdentityTestApp;
  let image: ImageTestApp;
  let demo: IssuedToken;
  let limited: string;
  before(async () => {
    identity = await identityTestApp({ realTokens: true });
    image = await imageTestApp({ validator: identity.deps.tokens });
    demo = await passwordToken(identity, 'demo');
    const credential = await createApplicationCredential(identity, demo, {
      name: 'two-services',
      access_rules: [
        { service: 'image', path: '/v2/images', method: 'GET' },
        { service: 'identity', path: '/v3/users/*', method: 'GET' },
      ],
    });
    limited = (await applicationCredentialToken(identity, credential)).token;
  });
  after(async () => {
    await image.close();
    await identity.close();
  });

  const onIdentity = (path: string, token: string) =>
    identity.app.inject({ method: 'GET', url: `/identity${path}`, headers: { 'x-auth-token': token } });

  test('image: the listed request is allowed, any other refused', async () => {
    const allowed = await image.request('GET', '/v2/images', limited);
    assert.equal(allowed.statusCode, 200, allowed.body);
    assert.deepEqual(allowed.json().images, []);

    const otherPath = await image.request('GET', '/v2/schemas/image', limited);
    assert.equal(otherPath.statusCode, 401);
    assert.equal(otherPath.headers['www-authenticate'], 'Keystone uri="http://stratus.test/identity/v3"');
    const otherMethod = await image.request('POST', '/v2/images', limited, {
      disk_format: 'raw',
      container_format: 'bare',
    });
    assert.equal(otherMethod.statusCode, 401);
    assert.deepEqual((await image.request('GET', '/v2/images', demo.token)).json().images, []);
  });

  test('identity: only its own rule applies', async () => {
    const me = await onIdentity(`/v3/users/${identity.ids.demoUser}`, limited);
    assert.equal(me.statusCode, 200, me.body);
    assert.equal((await onIdentity('/v3/projects', limited)).statusCode, 401);
  });

  test('with a valid service token the rules are not checked; an unlimited token is never refused', async () => {
    const viaService = await image.request('GET', '/v2/schemas/image', limited, undefined, {
      'x-service-token': (await passwordToken(identity, 'admin')).token,
    });
    assert.equal(viaService.statusCode, 200, viaService.body);
    assert.equal((await image.request('GET', '/v2/schemas/image', demo.token)).statusCode, 200);
  });
});
