import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

describe('OAuth1 consumers (/v3/OS-OAUTH1/consumers)', () => {
  let identity: IdentityTestApp;
  before(async () => {
    identity = await identityTestApp();
  });
  after(() => identity.close());

  const create = async (consumer?: object) => {
    const body = consumer === undefined ? {} : { consumer };
    const response = await identity.request('POST', '/identity/v3/OS-OAUTH1/consumers', 'admin', body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json().consumer;
  };

  test('create shows the secret once; show and list never do', async () => {
    const created = await create({
      description: 'my app',
      site: 'example.org',
      secret: 'chosen',
      id: 'mine',
    });
    assert.match(created.id, /^[0-9a-f]{32}$/);
    assert.match(created.secret, /^[0-9a-f]{32}$/);
    assert.notEqual(created.secret, 'chosen');
    assert.equal(created.description, 'my app');
    assert.equal(created.site, 'example.org');
    assert.equal(created.links.self, `http://stratus.test/identity/v3/OS-OAUTH1/consumers/${created.id}`);
    const shown = (await identity.request('GET', `/identity/v3/OS-OAUTH1/consumers/${created.id}`)).json()
      .consumer;
    const { secret: _secret, ...withoutSecret } = created;
    assert.deepEqual(shown, withoutSecret);
    const listed = (await identity.request('GET', '/identity/v3/OS-OAUTH1/consumers')).json().consumers;
    assert.deepEqual(
      listed.find((c: { id: string }) => c.id === created.id),
      withoutSecret,
    );
  });

  test('a consumer without a description (or a body without a consumer) has a null one', async () => {
    assert.equal((await create({})).description, null);
    assert.equal((await create()).description, null);
  });

  test('update changes the description and extras; id and secret cannot change', async () => {
    const consumer = await create({ description: 'before' });
    const updated = await identity.request(
      'PATCH',
      `/identity/v3/OS-OAUTH1/consumers/${consumer.id}`,
      'admin',
      {
        consumer: { description: 'after', id: consumer.id, color: 'blue' },
      },
    );
    assert.equal(updated.statusCode, 200);
    assert.equal(updated.json().consumer.description, 'after');
    assert.equal(updated.json().consumer.color, 'blue');
    assert.equal(updated.json().consumer.secret, undefined);
    const shown = (await identity.request('GET', `/identity/v3/OS-OAUTH1/consumers/${consumer.id}`)).json()
      .consumer;
    assert.equal(shown.description, 'after');

    const otherId = await identity.request(
      'PATCH',
      `/identity/v3/OS-OAUTH1/consumers/${consumer.id}`,
      'admin',
      {
        consumer: { id: 'other' },
      },
    );
    assert.equal(otherId.statusCode, 400);
    assert.equal(otherId.json().error.message, 'Cannot change ID');
    const secret = await identity.request(
      'PATCH',
      `/identity/v3/OS-OAUTH1/consumers/${consumer.id}`,
      'admin',
      {
        consumer: { secret: 'x' },
      },
    );
    assert.equal(secret.statusCode, 400);
    assert.match(secret.json().error.message, /secret/);
  });

  test('delete; an unknown consumer is a 404 everywhere', async () => {
    const consumer = await create({ description: 'gone soon' });
    const url = `/identity/v3/OS-OAUTH1/consumers/${consumer.id}`;
    assert.equal((await identity.request('DELETE', url)).statusCode, 204);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { consumer: { description: 'x' } }],
      ['DELETE', undefined],
    ] as const) {
      const response = await identity.request(method, url, 'admin', body);
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.message, 'Consumer not found');
    }
  });

  test('bad input is a 400 naming the field', async () => {
    const numeric = await identity.request('POST', '/identity/v3/OS-OAUTH1/consumers', 'admin', {
      consumer: { description: 5 },
    });
    assert.equal(numeric.statusCode, 400);
    assert.match(numeric.json().error.message, /description/);
    const empty = await identity.request('PATCH', '/identity/v3/OS-OAUTH1/consumers/any', 'admin', {
      consumer: {},
    });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.json().error.message, /consumer/);
  });

  test('only the cloud admin manages consumers', async () => {
    assert.equal(
      (await identity.request('GET', '/identity/v3/OS-OAUTH1/consumers', 'member')).statusCode,
      403,
    );
    const response = await identity.request('POST', '/identity/v3/OS-OAUTH1/consumers', 'member', {
      consumer: {},
    });
    assert.equal(response.statusCode, 403);
  });
});
