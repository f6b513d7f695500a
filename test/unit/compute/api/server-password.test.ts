import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actionsFixture, type ActionsFixture } from '../server-actions/fixtures.js';

describe('/servers/{id}/os-server-password', () => {
  let fx: ActionsFixture;
  before(async () => {
    fx = await actionsFixture();
  });
  after(() => fx.close());

  const path = (uuid: string) => `/servers/${uuid}/os-server-password`;

  /** A server whose guest left a password in four chunks, as the metadata service stores it. */
  async function serverWithPassword(password: string): Promise<string> {
    const system: Record<string, string> = { image_disk_format: 'qcow2' };
    for (let chunk = 0; chunk < 4; chunk++) {
      system[`password_${chunk}`] = password.slice(chunk * 255, (chunk + 1) * 255);
    }
    return fx.server({ system_metadata: JSON.stringify(system) });
  }

  test('an empty password for a server whose guest left none', async () => {
    const uuid = await fx.server();
    const response = await fx.compute.request('GET', path(uuid), { caller: 'member' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { password: '' });
  });

  test('the chunks joined; DELETE empties them and keeps the rest of the system metadata', async () => {
    const password = 'x'.repeat(300) + 'tail';
    const uuid = await serverWithPassword(password);
    const shown = await fx.compute.request('GET', path(uuid), { caller: 'reader' });
    assert.deepEqual(shown.json(), { password });

    const cleared = await fx.compute.request('DELETE', path(uuid), { caller: 'member' });
    assert.equal(cleared.statusCode, 204);
    assert.equal(cleared.body, '');
    assert.deepEqual((await fx.compute.request('GET', path(uuid), { caller: 'member' })).json(), {
      password: '',
    });
    const system = JSON.parse(String((await fx.row(uuid)).system_metadata));
    assert.deepEqual(system, {
      image_disk_format: 'qcow2',
      password_0: '',
      password_1: '',
      password_2: '',
      password_3: '',
    });
  });

  test('another project gets 404; an admin sees any server', async () => {
    const uuid = await serverWithPassword('secret');
    assert.equal((await fx.compute.request('GET', path(uuid), { caller: 'other' })).statusCode, 404);
    assert.equal((await fx.compute.request('DELETE', path(uuid), { caller: 'other' })).statusCode, 404);
    assert.deepEqual((await fx.compute.request('GET', path(uuid))).json(), { password: 'secret' });
    const missing = await fx.compute.request('GET', path('00000000-0000-4000-8000-000000000000'));
    assert.equal(missing.statusCode, 404);
  });
});
