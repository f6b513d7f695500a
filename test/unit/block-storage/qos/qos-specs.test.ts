import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  blockStorageTestApp,
  VOLUME_URL,
  type BlockStorageTestApp,
} from '../../../helpers/block-storage-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';

describe('QoS specs', () => {
  let app: BlockStorageTestApp;
  const admin = { caller: 'admin' };
  const newQos = async (specs: Record<string, unknown>) =>
    (await app.json('POST', '/qos-specs', 200, { ...admin, body: { qos_specs: specs } })).qos_specs;
  const newType = async (name: string) =>
    (await app.json('POST', '/types', 200, { ...admin, body: { volume_type: { name } } })).volume_type;
  before(async () => {
    app = await blockStorageTestApp();
  });
  after(() => app.close());

  test('admins create, show, list, set and unset keys, and delete QoS specs', async () => {
    const created = await app.json('POST', '/qos-specs', 200, {
      ...admin,
      body: { qos_specs: { name: ' limits ', consumer: 'front-end', read_iops_sec: '2000' } },
    });
    const qos = created.qos_specs;
    assert.deepEqual(qos, {
      id: qos.id,
      name: 'limits',
      consumer: 'front-end',
      specs: { read_iops_sec: '2000' },
    });
    assert.deepEqual(created.links, [
      { rel: 'self', href: `${VOLUME_URL}/v3/${PROJECTS.admin}/qos-specs/${qos.id}` },
      { rel: 'bookmark', href: `${VOLUME_URL}/${PROJECTS.admin}/qos-specs/${qos.id}` },
    ]);
    const set = await app.json('PUT', `/qos-specs/${qos.id}`, 200, {
      ...admin,
      body: { qos_specs: { write_iops_sec: '1000', consumer: 'both' } },
    });
    assert.deepEqual(set, { qos_specs: { write_iops_sec: '1000', consumer: 'both' } });
    const shown = (await app.json('GET', `/qos-specs/${qos.id}`, 200, admin)).qos_specs;
    assert.equal(shown.consumer, 'both');
    assert.deepEqual(shown.specs, { read_iops_sec: '2000', write_iops_sec: '1000' });
    await app.json('PUT', `/qos-specs/${qos.id}/delete_keys`, 202, {
      ...admin,
      body: { keys: ['read_iops_sec'] },
    });
    const missingKey = await app.request('PUT', `/qos-specs/${qos.id}/delete_keys`, {
      ...admin,
      body: { keys: ['read_iops_sec'] },
    });
    assert.equal(
      missingKey.json().itemNotFound.message,
      `QoS spec ${qos.id} has no spec with key read_iops_sec.`,
    );
    const list = (await app.json('GET', '/qos-specs', 200, admin)).qos_specs;
    assert.deepEqual(
      list.map((item: { id: string }) => item.id),
      [qos.id],
    );
    await app.json('DELETE', `/qos-specs/${qos.id}`, 202, admin);
    const gone = await app.request('GET', `/qos-specs/${qos.id}`, admin);
    assert.equal(gone.json().itemNotFound.message, `No such QoS spec ${qos.id}.`);
  });

  test('names are unique, consumers known, and only admins may use the API', async () => {
    await newQos({ name: 'unique' });
    const again = await app.request('POST', '/qos-specs', {
      ...admin,
      body: { qos_specs: { name: 'unique' } },
    });
    assert.equal(again.json().conflictingRequest.message, 'QoS Specs unique already exists.');
    const consumer = await app.request('POST', '/qos-specs', {
      ...admin,
      body: { qos_specs: { name: 'c', consumer: 'middle' } },
    });
    assert.equal(consumer.statusCode, 400);
    assert.equal(
      (await app.request('POST', '/qos-specs', { ...admin, body: { qos_specs: { name: ' ' } } })).statusCode,
      400,
    );
    await app.json('GET', '/qos-specs', 403);
    await app.json('POST', '/qos-specs', 403, { body: { qos_specs: { name: 'mine' } } });
  });

  test('types associate with one QoS specs; one in use is deleted only with force', async () => {
    const qos = await newQos({ name: 'assoc', total_bytes_sec: '1024' });
    const other = await newQos({ name: 'other' });
    const type = await newType('with-qos');
    await app.json('GET', `/qos-specs/${qos.id}/associate?vol_type_id=${type.id}`, 202, admin);
    await app.json('GET', `/qos-specs/${qos.id}/associate?vol_type_id=${type.id}`, 202, admin);
    const associations = await app.json('GET', `/qos-specs/${qos.id}/associations`, 200, admin);
    assert.deepEqual(associations.qos_associations, [
      { association_type: 'volume_type', name: 'with-qos', id: type.id },
    ]);
    assert.equal((await app.json('GET', `/types/${type.id}`, 200, admin)).volume_type.qos_specs_id, qos.id);
    const taken = await app.request('GET', `/qos-specs/${other.id}/associate?vol_type_id=${type.id}`, admin);
    assert.equal(
      taken.json().badRequest.message,
      `Invalid volume type: Type ${type.id} is already associated with another qos specs: ${qos.id}`,
    );
    const noType = await app.request('GET', `/qos-specs/${qos.id}/associate`, admin);
    assert.equal(noType.json().badRequest.message, 'Volume Type id must not be None.');
    await app.json('GET', `/qos-specs/${qos.id}/associate?vol_type_id=${crypto.randomUUID()}`, 404, admin);
    const inUse = await app.request('DELETE', `/qos-specs/${qos.id}`, admin);
    assert.equal(inUse.json().badRequest.message, 'Qos specs still in use.');
    await app.json('GET', `/qos-specs/${qos.id}/disassociate?vol_type_id=${type.id}`, 202, admin);
    assert.equal((await app.json('GET', `/types/${type.id}`, 200, admin)).volume_type.qos_specs_id, null);
    await app.json('GET', `/qos-specs/${qos.id}/associate?vol_type_id=${type.id}`, 202, admin);
    await app.json('GET', `/qos-specs/${qos.id}/disassociate_all`, 202, admin);
    assert.deepEqual(
      (await app.json('GET', `/qos-specs/${qos.id}/associations`, 200, admin)).qos_associations,
      [],
    );
    await app.json('GET', `/qos-specs/${qos.id}/associate?vol_type_id=${type.id}`, 202, admin);
    assert.equal((await app.request('DELETE', `/qos-specs/${qos.id}?force=maybe`, admin)).statusCode, 400);
    await app.json('DELETE', `/qos-specs/${qos.id}?force=true`, 202, admin);
    assert.equal((await app.json('GET', `/types/${type.id}`, 200, admin)).volume_type.qos_specs_id, null);
  });

  test('the list is sorted and paged', async () => {
    const page = await app.json('GET', '/qos-specs?limit=1&sort_key=name&sort_dir=asc', 200, admin);
    assert.equal(page.qos_specs.length, 1);
    assert.match(page.qos_specs_links[0].href, /\/qos-specs\?limit=1&sort_key=name&sort_dir=asc&marker=/);
  });
});
