import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { findEc2Credential } from '../../../../src/identity/credentials/ec2.js';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

describe('OS-EC2 credentials', () => {
  let identity: IdentityTestApp;
  let base: string;
  before(async () => {
    identity = await identityTestApp();
    base = `/identity/v3/users/${identity.ids.demoUser}/credentials/OS-EC2`;
    identity.as('delegated', {
      userId: identity.ids.demoUser,
      projectId: identity.ids.demoProject,
      roles: ['member', 'reader'],
      methods: ['application_credential'],
    });
  });
  after(() => identity.close());

  const create = async (caller = 'member') => {
    const response = await identity.request('POST', base, caller, { tenant_id: identity.ids.demoProject });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().credential;
  };

  test('create gives a new key pair for the user on the project', async () => {
    const created = await create();
    assert.match(created.access, /^[0-9a-f]{32}$/);
    assert.match(created.secret, /^[0-9a-f]{32}$/);
    assert.notEqual(created.access, created.secret);
    assert.equal(created.user_id, identity.ids.demoUser);
    assert.equal(created.tenant_id, identity.ids.demoProject);
    assert.equal(created.trust_id, null);
    assert.equal(created.links.self, `http://stratus.test${base}/${created.access}`);
  });

  test('list, show and delete by access key', async () => {
    const first = await create();
    const second = await create();
    const listed = (await identity.request('GET', base, 'member')).json();
    const accesses = listed.credentials.map((c: { access: string }) => c.access);
    assert.ok(accesses.includes(first.access) && accesses.includes(second.access));
    assert.equal(listed.links.self, `http://stratus.test${base}`);

    const shown = await identity.request('GET', `${base}/${first.access}`, 'member');
    assert.equal(shown.statusCode, 200);
    assert.deepEqual(shown.json().credential, first);

    assert.equal((await identity.request('DELETE', `${base}/${first.access}`, 'member')).statusCode, 204);
    const gone = await identity.request('GET', `${base}/${first.access}`, 'member');
    assert.equal(gone.statusCode, 404);
    const hashed = createHash('sha256').update(first.access).digest('hex');
    assert.equal(gone.json().error.message, `Could not find credential: ${hashed}.`);
  });

  test('they are ec2 credentials of /v3/credentials, and findEc2Credential finds them', async () => {
    const created = await create();
    const id = createHash('sha256').update(created.access).digest('hex');
    const stored = (await identity.request('GET', `/identity/v3/credentials/${id}`, 'member')).json()
      .credential;
    assert.equal(stored.type, 'ec2');
    assert.equal(stored.project_id, identity.ids.demoProject);
    assert.deepEqual(JSON.parse(stored.blob), {
      access: created.access,
      secret: created.secret,
      trust_id: null,
    });

    const found = await findEc2Credential(identity.db, created.access);
    assert.deepEqual(found, {
      id,
      userId: identity.ids.demoUser,
      projectId: identity.ids.demoProject,
      access: created.access,
      secret: created.secret,
      trustId: null,
    });
    assert.equal(await findEc2Credential(identity.db, 'unknown'), undefined);
  });

  test('policy: a member for itself, not for others; a reader may not create one', async () => {
    const others = await identity.request(
      'POST',
      `/identity/v3/users/${identity.ids.adminUser}/credentials/OS-EC2`,
      'member',
      {
        tenant_id: identity.ids.demoProject,
      },
    );
    assert.equal(others.statusCode, 403);
    const reader = await identity.request('POST', base, 'reader', { tenant_id: identity.ids.demoProject });
    assert.equal(reader.statusCode, 403);
    const adminsKey = (
      await identity.request(
        'POST',
        `/identity/v3/users/${identity.ids.adminUser}/credentials/OS-EC2`,
        'admin',
        {
          tenant_id: identity.ids.adminProject,
        },
      )
    ).json().credential;
    const peek = await identity.request(
      'GET',
      `/identity/v3/users/${identity.ids.demoUser}/credentials/OS-EC2/${adminsKey.access}`,
      'member',
    );
    assert.equal(peek.statusCode, 403);
    assert.equal(
      (
        await identity.request(
          'GET',
          `/identity/v3/users/${identity.ids.adminUser}/credentials/OS-EC2`,
          'member',
        )
      ).statusCode,
      403,
    );
  });

  test('unknown user or project is a 404; a missing tenant_id is a 400', async () => {
    const noProject = await identity.request('POST', base, 'member', { tenant_id: 'nope' });
    assert.equal(noProject.statusCode, 404);
    assert.equal(noProject.json().error.message, 'Could not find project: nope.');
    const noUser = await identity.request('GET', '/identity/v3/users/nope/credentials/OS-EC2', 'admin');
    assert.equal(noUser.statusCode, 404);
    assert.equal(noUser.json().error.message, 'Could not find user: nope.');
    const noTenant = await identity.request('POST', base, 'member', {});
    assert.equal(noTenant.statusCode, 400);
    assert.match(noTenant.json().error.message, /tenant_id/);
  });

  test('a token from a delegated credential is refused', async () => {
    const response = await identity.request('POST', base, 'delegated', {
      tenant_id: identity.ids.demoProject,
    });
    assert.equal(response.statusCode, 403);
    assert.match(response.json().error.message, /Delegated tokens cannot access credentials directly/);
    assert.equal((await identity.request('GET', base, 'delegated')).statusCode, 403);
  });
});
