import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { makeVolume } from '../snapshots/volume-fixture.js';

describe('volume types', () => {
  let app: BlockStorageTestApp;
  const admin = { caller: 'admin' };
  const create = async (volumeType: Record<string, unknown>) =>
    (await app.json('POST', '/types', 200, { ...admin, body: { volume_type: volumeType } })).volume_type;
  before(async () => {
    app = await blockStorageTestApp();
  });
  after(() => app.close());

  test('admins create, show, update and delete types (Tempest create_get_delete and update)', async () => {
    const extraSpecs = { storage_protocol: 'iSCSI', vendor_name: 'Open Source' };
    const created = await create({ name: 'gold', description: 'fast', extra_specs: extraSpecs });
    assert.deepEqual(created, {
      id: created.id,
      name: 'gold',
      is_public: true,
      extra_specs: extraSpecs,
      description: 'fast',
      'os-volume-type-access:is_public': true,
    });
    const shown = (await app.json('GET', `/types/${created.id}`, 200, admin)).volume_type;
    assert.deepEqual(shown.extra_specs, extraSpecs);
    assert.equal(shown.qos_specs_id, null);
    const updated = await app.json('PUT', `/types/${created.id}`, 200, {
      ...admin,
      body: { volume_type: { name: 'platinum', description: 'faster', is_public: false } },
    });
    assert.equal(updated.volume_type.name, 'platinum');
    assert.equal(updated.volume_type.is_public, false);
    assert.equal('os-volume-type-access:is_public' in updated.volume_type, false);
    await app.json('DELETE', `/types/${created.id}`, 202, admin);
    await app.json('GET', `/types/${created.id}`, 404, admin);
    await app.json('DELETE', `/types/${created.id}`, 404, admin);
  });

  test('names are unique and not empty; members may not manage types', async () => {
    await create({ name: 'silver' });
    const again = await app.request('POST', '/types', {
      ...admin,
      body: { volume_type: { name: 'silver' } },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().conflictingRequest.message, 'Volume Type silver already exists.');
    assert.equal(
      (await app.request('POST', '/types', { ...admin, body: { volume_type: { name: '' } } })).statusCode,
      400,
    );
    assert.equal(
      (await app.request('POST', '/types', { ...admin, body: { volume_type: { name: '  ' } } })).statusCode,
      400,
    );
    const member = await app.request('POST', '/types', { body: { volume_type: { name: 'mine' } } });
    assert.equal(member.statusCode, 403);
    const empty = await app.request('PUT', `/types/${(await create({ name: 'bronze' })).id}`, {
      ...admin,
      body: { volume_type: {} },
    });
    assert.equal(
      empty.json().badRequest.message,
      'Specify volume type name, description, is_public or a combination thereof.',
    );
  });

  test('a type in use, and the default type, cannot be deleted', async () => {
    const used = await create({ name: 'used' });
    await makeVolume(app, { volumeTypeId: used.id });
    const inUse = await app.request('DELETE', `/types/${used.id}`, admin);
    assert.equal(inUse.json().badRequest.message, 'Target volume type is still in use.');
    const defaultType = (await app.json('GET', '/types/default', 200)).volume_type;
    assert.equal(defaultType.name, '__DEFAULT__');
    const refused = await app.request('DELETE', `/types/${defaultType.id}`, admin);
    assert.equal(
      refused.json().badRequest.message,
      `The volume type ${defaultType.id} is a default volume type and cannot be deleted.`,
    );
  });

  test('a private type is seen only by admins and the projects it is shared with', async () => {
    const hidden = await create({ name: 'hidden', 'os-volume-type-access:is_public': false });
    assert.equal(hidden.is_public, false);
    await app.json('GET', `/types/${hidden.id}`, 404);
    const memberList = (await app.json('GET', '/types', 200)).volume_types;
    assert.equal(
      memberList.some((type: { id: string }) => type.id === hidden.id),
      false,
    );
    await app.json('POST', `/types/${hidden.id}/action`, 202, {
      ...admin,
      body: { addProjectAccess: { project: PROJECTS.one } },
    });
    const again = await app.request('POST', `/types/${hidden.id}/action`, {
      ...admin,
      body: { addProjectAccess: { project: PROJECTS.one } },
    });
    assert.equal(again.statusCode, 409);
    await app.json('GET', `/types/${hidden.id}`, 200);
    await app.json('GET', `/types/${hidden.id}`, 404, { caller: 'other' });
    assert.ok(
      (await app.json('GET', '/types', 200)).volume_types.some(
        (type: { id: string }) => type.id === hidden.id,
      ),
    );
    const access = await app.json('GET', `/types/${hidden.id}/os-volume-type-access`, 200, admin);
    assert.deepEqual(access.volume_type_access, [{ volume_type_id: hidden.id, project_id: PROJECTS.one }]);
    await app.json('GET', `/types/${hidden.id}/os-volume-type-access`, 403);
    await app.json('POST', `/types/${hidden.id}/action`, 202, {
      ...admin,
      body: { removeProjectAccess: { project: PROJECTS.one } },
    });
    await app.json('GET', `/types/${hidden.id}`, 404);
    const publicType = await create({ name: 'open' });
    const notApplicable = await app.request('POST', `/types/${publicType.id}/action`, {
      ...admin,
      body: { addProjectAccess: { project: PROJECTS.one } },
    });
    assert.equal(
      notApplicable.json().badRequest.message,
      'Invalid volume type: Type access modification is not applicable to public volume type.',
    );
    await app.json('GET', `/types/${publicType.id}/os-volume-type-access`, 404, admin);
  });

  test('admins list private types with is_public=false or none', async () => {
    const hidden = await create({ name: 'secret', 'os-volume-type-access:is_public': false });
    const ids = async (query: string) =>
      (await app.json('GET', `/types${query}`, 200, admin)).volume_types.map(
        (type: { id: string }) => type.id,
      );
    assert.equal((await ids('')).includes(hidden.id), false);
    assert.ok((await ids('?is_public=false')).includes(hidden.id));
    assert.ok((await ids('?is_public=None')).includes(hidden.id));
    assert.equal((await app.request('GET', '/types?is_public=maybe', admin)).statusCode, 400);
  });

  test('extra specs: members see only the user-visible ones', async () => {
    const type = await create({
      name: 'multi',
      extra_specs: { multiattach: '<is> True', volume_backend_name: 'fake' },
    });
    const specs = `/types/${type.id}/extra_specs`;
    assert.deepEqual((await app.json('GET', specs, 200)).extra_specs, { multiattach: '<is> True' });
    assert.deepEqual((await app.json('GET', `/types/${type.id}`, 200)).volume_type.extra_specs, {
      multiattach: '<is> True',
    });
    assert.equal('qos_specs_id' in (await app.json('GET', `/types/${type.id}`, 200)).volume_type, false);
    await app.json('GET', `${specs}/volume_backend_name`, 404);
    assert.deepEqual(await app.json('GET', `${specs}/volume_backend_name`, 200, admin), {
      volume_backend_name: 'fake',
    });
    await app.json('POST', specs, 200, { ...admin, body: { extra_specs: { color: 'blue' } } });
    await app.json('PUT', `${specs}/color`, 200, { ...admin, body: { color: 'red' } });
    const mismatch = await app.request('PUT', `${specs}/color`, { ...admin, body: { shade: 'red' } });
    assert.equal(mismatch.json().badRequest.message, 'Request body and URI mismatch');
    assert.equal(
      (await app.request('PUT', `${specs}/color`, { ...admin, body: { color: 'a', b: 'c' } })).statusCode,
      400,
    );
    assert.equal((await app.json('GET', specs, 200, admin)).extra_specs.color, 'red');
    await app.json('DELETE', `${specs}/color`, 202, admin);
    await app.json('DELETE', `${specs}/color`, 404, admin);
    await app.json('POST', specs, 403, { body: { extra_specs: { color: 'blue' } } });
    await app.json('GET', `/types/${crypto.randomUUID()}/extra_specs`, 404, admin);
    const cacheable = await app.request('POST', specs, {
      ...admin,
      body: { extra_specs: { cacheable: '<is> True' } },
    });
    assert.equal(cacheable.json().badRequest.message, 'cacheable cannot be set with multiattach.');
  });

  test('list filters by extra specs from 3.52 (members only by user-visible ones)', async () => {
    await create({ name: 'zoned', extra_specs: { 'RESKEY:availability_zones': 'az1, nova', tier: 'x' } });
    const filter = (specs: string) => `/types?extra_specs=${encodeURIComponent(specs)}`;
    const zoned = await app.json('GET', filter("{'RESKEY:availability_zones': 'nova'}"), 200, {
      microversion: '3.52',
    });
    assert.deepEqual(
      zoned.volume_types.map((type: { name: string }) => type.name),
      ['zoned'],
    );
    const sensitive = await app.json('GET', filter("{'tier': 'x'}"), 200, { microversion: '3.52' });
    assert.equal(sensitive.volume_types.length, 0);
    const asAdmin = await app.json('GET', filter("{'tier': 'x'}"), 200, { ...admin, microversion: '3.52' });
    assert.equal(asAdmin.volume_types.length, 1);
    const refused = await app.request('GET', '/types?name=zoned', { microversion: '3.52' });
    assert.equal(refused.json().badRequest.message, 'Invalid filters name are found in query options.');
  });

  test('a project default type (3.62) is what /types/default shows and cannot be deleted', async () => {
    const own = await create({ name: 'project-default' });
    await app.json('PUT', `/default-types/${PROJECTS.one}`, 404, {
      ...admin,
      body: { default_type: { volume_type: own.name } },
    });
    const set = await app.json('PUT', `/default-types/${PROJECTS.one}`, 200, {
      ...admin,
      microversion: '3.62',
      body: { default_type: { volume_type: own.name } },
    });
    assert.deepEqual(set.default_type, { project_id: PROJECTS.one, volume_type_id: own.id });
    assert.equal((await app.json('GET', '/types/default', 200)).volume_type.id, own.id);
    assert.notEqual(
      (await app.json('GET', '/types/default', 200, { caller: 'other' })).volume_type.id,
      own.id,
    );
    const shown = await app.json('GET', `/default-types/${PROJECTS.one}`, 200, {
      ...admin,
      microversion: '3.62',
    });
    assert.equal(shown.default_type.volume_type_id, own.id);
    const all = await app.json('GET', '/default-types', 200, { ...admin, microversion: '3.62' });
    assert.equal(all.default_types.length, 1);
    assert.equal((await app.request('DELETE', `/types/${own.id}`, admin)).statusCode, 400);
    const unknown = await app.request('PUT', `/default-types/${PROJECTS.one}`, {
      ...admin,
      microversion: '3.62',
      body: { default_type: { volume_type: 'nope' } },
    });
    assert.equal(unknown.json().badRequest.message, 'Volume type with name nope could not be found.');
    await app.json('GET', '/default-types', 403, { microversion: '3.62' });
    await app.json('DELETE', `/default-types/${PROJECTS.one}`, 204, { ...admin, microversion: '3.62' });
    await app.json('GET', `/default-types/${PROJECTS.one}`, 404, { ...admin, microversion: '3.62' });
  });

  test('the type list pages with volume_type_links', async () => {
    const page = await app.json('GET', '/types?limit=1&sort=name:asc', 200, admin);
    assert.equal(page.volume_types.length, 1);
    assert.match(page.volume_type_links[0].href, /\/types\?limit=1&sort=name%3Aasc&marker=/);
  });
});
