import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('credentials', () => {
  let identity: IdentityTestApp;
  let demoUser: string;
  let adminUser: string;
  let demoProject: string;
  before(async () => {
    identity = await identityTestApp();
    ({ demoUser, adminUser, demoProject } = identity.ids);
    // The demo user again, with a token from an application credential (a delegated method).
    identity.as('delegated', {
      userId: demoUser,
      projectId: demoProject,
      roles: ['member', 'reader'],
      methods: ['application_credential'],
      applicationCredentialId: 'some-app-cred',
    });
  });
  after(() => identity.close());

  const create = async (credential: object, caller = 'admin') => {
    const response = await identity.request('POST', '/identity/v3/credentials', caller, { credential });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().credential;
  };
  const ec2Blob = (access: string, secret = 's', more: object = {}) =>
    JSON.stringify({ access, secret, ...more });

  test('an ec2 credential’s id is the sha256 of its access key', async () => {
    const blob = ec2Blob('access-1');
    const created = await create({
      user_id: demoUser,
      project_id: demoProject,
      type: 'ec2',
      blob,
      label: 'x',
    });
    assert.equal(created.id, sha256('access-1'));
    assert.equal(created.blob, blob);
    assert.equal(created.project_id, demoProject);
    assert.equal(created.label, 'x');
    assert.equal(created.links.self, `http://stratus.test/identity/v3/credentials/${created.id}`);
    const again = await identity.request('POST', '/identity/v3/credentials', 'admin', {
      credential: { user_id: demoUser, project_id: demoProject, type: 'ec2', blob },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(
      again.json().error.message,
      `Conflict occurred attempting to store credential - Duplicate entry found with ID ${created.id}.`,
    );
  });

  test('other types get a random id (a given id is ignored) and may have no project', async () => {
    const created = await create({ id: 'chosen', user_id: demoUser, type: 'totp', blob: 'seed' });
    assert.match(created.id, /^[0-9a-f]{32}$/);
    assert.equal(created.project_id, null);
  });

  test('ec2 credentials need a project and a JSON blob with an access key', async () => {
    const cases: [object, number, RegExp][] = [
      [{ user_id: demoUser, type: 'ec2', blob: ec2Blob('a') }, 400, /project_id/],
      [
        { user_id: demoUser, project_id: demoProject, type: 'ec2', blob: 'not json' },
        400,
        /^Invalid blob in credential$/,
      ],
      [
        { user_id: demoUser, project_id: demoProject, type: 'ec2', blob: '{}' },
        400,
        /^Expecting to find blob in credential/,
      ],
      [
        { user_id: demoUser, project_id: demoProject, type: 'ec2', blob: '{"secret":"s"}' },
        400,
        /^Expecting to find access in credential/,
      ],
      [{ user_id: demoUser, type: 'totp' }, 400, /credential\/blob/],
      [{ user_id: 5, type: 'totp', blob: 'x' }, 400, /credential\/user_id/],
    ];
    for (const [credential, status, message] of cases) {
      const response = await identity.request('POST', '/identity/v3/credentials', 'admin', { credential });
      assert.equal(response.statusCode, status, JSON.stringify(credential));
      assert.match(response.json().error.message, message);
    }
  });

  test('a member manages its own credentials and sees only its own', async () => {
    const own = await create({ user_id: demoUser, type: 'totp', blob: 'mine' }, 'member');
    const admins = await create({ user_id: adminUser, type: 'totp', blob: 'theirs' }, 'admin');
    const forOther = await identity.request('POST', '/identity/v3/credentials', 'member', {
      credential: { user_id: adminUser, type: 'totp', blob: 'x' },
    });
    assert.equal(forOther.statusCode, 403);
    assert.equal(
      forOther.json().error.message,
      'You are not authorized to perform the requested action: identity:create_credential.',
    );

    const listed = (await identity.request('GET', '/identity/v3/credentials', 'member')).json().credentials;
    assert.ok(listed.some((c: { id: string }) => c.id === own.id));
    assert.ok(listed.every((c: { user_id: string }) => c.user_id === demoUser));
    const all = (await identity.request('GET', '/identity/v3/credentials', 'admin')).json().credentials;
    assert.ok(all.some((c: { id: string }) => c.id === admins.id));

    assert.equal(
      (await identity.request('GET', `/identity/v3/credentials/${own.id}`, 'member')).statusCode,
      200,
    );
    assert.equal(
      (await identity.request('GET', `/identity/v3/credentials/${admins.id}`, 'member')).statusCode,
      403,
    );
    assert.equal(
      (await identity.request('DELETE', `/identity/v3/credentials/${admins.id}`, 'member')).statusCode,
      403,
    );
    // An id that does not exist is not revealed to a member; an admin learns it is missing.
    assert.equal((await identity.request('GET', '/identity/v3/credentials/nope', 'member')).statusCode, 403);
    const missing = await identity.request('GET', '/identity/v3/credentials/nope', 'admin');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.message, 'Could not find credential: nope.');
  });

  test('list filters by user_id and type', async () => {
    await create({ user_id: adminUser, type: 'cert', blob: 'pem' });
    const certs = (await identity.request('GET', '/identity/v3/credentials?type=cert', 'admin')).json()
      .credentials;
    assert.ok(certs.length >= 1 && certs.every((c: { type: string }) => c.type === 'cert'));
    const demo = (
      await identity.request('GET', `/identity/v3/credentials?user_id=${demoUser}`, 'admin')
    ).json();
    assert.ok(demo.credentials.every((c: { user_id: string }) => c.user_id === demoUser));
  });

  test('update the blob, project and type as Tempest does; the id stays', async () => {
    const created = await create({
      user_id: demoUser,
      project_id: demoProject,
      type: 'ec2',
      blob: ec2Blob('upd-1'),
    });
    const blob = ec2Blob('upd-2', 'new-secret');
    const response = await identity.request('PATCH', `/identity/v3/credentials/${created.id}`, 'member', {
      credential: { blob, project_id: identity.ids.adminProject, type: 'ec2' },
    });
    assert.equal(response.statusCode, 200, response.body);
    const updated = response.json().credential;
    assert.equal(updated.id, created.id);
    assert.equal(updated.project_id, identity.ids.adminProject);
    assert.equal(updated.blob, blob);
    const shown = (await identity.request('GET', `/identity/v3/credentials/${created.id}`, 'member')).json();
    assert.deepEqual(shown.credential, updated);
  });

  test('updates that Keystone refuses', async () => {
    const created = await create({
      user_id: demoUser,
      project_id: demoProject,
      type: 'ec2',
      blob: ec2Blob('refuse-1', 's', { trust_id: 't1' }),
    });
    const url = `/identity/v3/credentials/${created.id}`;
    const patch = (credential: object, caller = 'member') =>
      identity.request('PATCH', url, caller, { credential });

    const toOther = await patch({ user_id: adminUser });
    assert.equal(toOther.statusCode, 403, 'an owner cannot give a credential away');
    assert.equal((await patch({ blob: 'nope' })).json().error.message, 'Invalid blob in credential');
    const trust = await patch({ blob: ec2Blob('refuse-1', 's', { trust_id: 't2' }) });
    assert.equal(trust.statusCode, 400);
    assert.equal(trust.json().error.message, 'trust_id can not be updated for credential');
    assert.equal((await patch({})).statusCode, 400);
    assert.equal((await patch({ id: 'other' })).json().error.message, 'Cannot change ID');

    const totp = await create({ user_id: demoUser, type: 'totp', blob: 'x' });
    const toEc2 = await identity.request('PATCH', `/identity/v3/credentials/${totp.id}`, 'admin', {
      credential: { type: 'ec2' },
    });
    assert.equal(toEc2.statusCode, 400);
    assert.match(toEc2.json().error.message, /^Expecting to find project_id in credential/);
    assert.equal(
      (
        await identity.request('PATCH', '/identity/v3/credentials/nope', 'admin', {
          credential: { blob: 'x' },
        })
      ).statusCode,
      404,
    );
  });

  test('delete', async () => {
    const created = await create({ user_id: demoUser, type: 'totp', blob: 'bye' }, 'member');
    assert.equal(
      (await identity.request('DELETE', `/identity/v3/credentials/${created.id}`, 'member')).statusCode,
      204,
    );
    assert.equal(
      (await identity.request('GET', `/identity/v3/credentials/${created.id}`, 'admin')).statusCode,
      404,
    );
  });

  test('a token from a delegated credential cannot touch credentials', async () => {
    const own = await create({ user_id: demoUser, type: 'totp', blob: 'x' }, 'member');
    const refused = await identity.request('POST', '/identity/v3/credentials', 'delegated', {
      credential: { user_id: demoUser, type: 'totp', blob: 'y' },
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(
      refused.json().error.message,
      'You are not authorized to perform the requested action: Delegated tokens cannot access credentials directly.',
    );
    assert.equal(
      (await identity.request('GET', `/identity/v3/credentials/${own.id}`, 'delegated')).statusCode,
      403,
    );
    const listed = await identity.request('GET', '/identity/v3/credentials', 'delegated');
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(listed.json().credentials, []);
  });
});
