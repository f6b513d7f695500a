import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { HypervisorError } from '../../../../src/compute/virt/errors.js';
import { PowerState } from '../../../../src/compute/virt/power-state.js';
import { AgentHarness, resourcesOf, TINY, waitUntil } from './agent-harness.js';

const HOST = 'compute1';

describe('snapshots and shelving', () => {
  let harness: AgentHarness;
  before(async () => {
    harness = await AgentHarness.create();
    await harness.start(HOST);
    await harness.start('compute2');
  });
  after(() => harness.close());

  /** The image record the API creates for a snapshot (queued, formats unknown yet), as the user. */
  async function snapshotImage(name: string): Promise<string> {
    const response = await harness.image.request('POST', '/v2/images', 'member', { name });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id as string;
  }

  const imageOf = async (id: string) => (await harness.images.getImage(id))!;

  test('a snapshot uploads the guest disk into the image, which becomes active', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    const imageId = await snapshotImage('snap');
    await harness.set(uuid, { task_state: 'image_snapshot_pending' });
    const { context } = await harness.request(uuid, 'createImage');
    await harness.cast(HOST, 'snapshot_instance', { context, instanceUuid: uuid, imageId });
    const done = await harness.settled(uuid, 'active');
    assert.equal(done.power_state, PowerState.RUNNING);
    const image = await imageOf(imageId);
    assert.deepEqual([image.status, image.disk_format, image.container_format], ['active', 'raw', 'bare']);
    assert.equal(image.size, 64 * 1024);
    const { data } = await harness.images.download(imageId);
    const chunks: Buffer[] = [];
    for await (const chunk of data) chunks.push(Buffer.from(chunk as Buffer));
    assert.match(Buffer.concat(chunks).subarray(0, 80).toString(), new RegExp(`instance ${uuid}`));
    assert.equal((await harness.events(uuid)).at(-1)?.event, 'compute_snapshot_instance');
  });

  test('a failed snapshot deletes the image and clears the task', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    const imageId = await snapshotImage('broken');
    harness.driver(HOST).faults.failNext('snapshot', new HypervisorError('qemu-img failed'), uuid);
    await harness.set(uuid, { task_state: 'image_snapshot_pending' });
    const { context } = await harness.request(uuid, 'createImage');
    await harness.cast(HOST, 'snapshot_instance', { context, instanceUuid: uuid, imageId });
    await harness.waitFor(uuid, (row) => row.task_state === null);
    assert.equal((await harness.instances.get(uuid)).vm_state, 'active');
    assert.equal(await harness.images.getImage(imageId), null);
    assert.equal((await harness.faults(uuid))[0].message, 'qemu-img failed');
  });

  /** A backup image as the API creates it for createBackup: queued, with the backup properties. */
  async function backupImage(instanceUuid: string, name: string, backupType = 'daily'): Promise<string> {
    const created = await harness.image.createImage('member', {
      name,
      disk_format: 'raw',
      container_format: 'bare',
      instance_uuid: instanceUuid,
      image_type: 'backup',
      backup_type: backupType,
    });
    // The rotation goes by creation time: keep the images apart.
    await sleep(2);
    return String(created.id);
  }

  async function backup(uuid: string, imageId: string, backupType: string, rotation: number) {
    await harness.set(uuid, { task_state: 'image_backup' });
    const { context } = await harness.request(uuid, 'createBackup');
    await harness.cast(HOST, 'backup_instance', {
      context,
      instanceUuid: uuid,
      imageId,
      backupType,
      rotation,
    });
  }

  /** Waits for the agent's backup (its snapshot and its rotation) to have succeeded. */
  const backupDone = (uuid: string) =>
    waitUntil(async () => {
      const last = (await harness.events(uuid)).at(-1);
      return last?.event === 'compute_backup_instance' && last.result === 'Success';
    }, 'the backup');

  test('a backup uploads like a snapshot, then deletes the oldest backups of its type beyond the rotation', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    const oldest = await backupImage(uuid, 'b1');
    const older = await backupImage(uuid, 'b2');
    const weekly = await backupImage(uuid, 'w1', 'weekly');
    const otherServer = await backupImage('another-server', 'b0');
    const newest = await backupImage(uuid, 'b3');
    await backup(uuid, newest, 'daily', 2);
    await backupDone(uuid);
    const done = await harness.instances.get(uuid);
    assert.deepEqual(
      [done.vm_state, done.task_state, done.power_state],
      ['active', null, PowerState.RUNNING],
    );
    assert.equal((await imageOf(newest)).status, 'active');
    assert.equal(await harness.images.getImage(oldest), null);
    assert.equal((await imageOf(older)).status, 'queued');
    assert.ok(await harness.images.getImage(weekly));
    assert.ok(await harness.images.getImage(otherServer));
  });

  test('a backup with rotation 0 keeps none, the new one included', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    const imageId = await backupImage(uuid, 'gone');
    await backup(uuid, imageId, 'daily', 0);
    await backupDone(uuid);
    assert.equal(await harness.images.getImage(imageId), null);
  });

  test('a failed backup deletes its image and clears the task', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    const kept = await backupImage(uuid, 'kept');
    const imageId = await backupImage(uuid, 'broken');
    harness.driver(HOST).faults.failNext('snapshot', new HypervisorError('disk full'), uuid);
    await backup(uuid, imageId, 'daily', 1);
    await harness.waitFor(uuid, (row) => row.task_state === null);
    assert.equal((await harness.instances.get(uuid)).vm_state, 'active');
    assert.equal(await harness.images.getImage(imageId), null);
    assert.equal((await harness.faults(uuid)).at(-1)?.message, 'disk full');
    // No rotation after a failed snapshot.
    assert.ok(await harness.images.getImage(kept));
  });

  test('shelve, offload and unshelve on another host', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    const imageId = await snapshotImage('server-shelved');
    await harness.set(uuid, { task_state: 'shelving' });
    let { context } = await harness.request(uuid, 'shelve');
    await harness.cast(HOST, 'shelve_instance', { context, instanceUuid: uuid, imageId, offload: false });
    const shelved = await harness.settled(uuid, 'shelved');
    assert.equal(shelved.power_state, PowerState.SHUTDOWN);
    assert.equal(shelved.host, HOST);
    const metadata = JSON.parse(shelved.system_metadata);
    assert.deepEqual([metadata.shelved_image_id, metadata.shelved_host], [imageId, HOST]);
    assert.equal((await imageOf(imageId)).status, 'active');

    await harness.set(uuid, { task_state: 'shelving_offloading' });
    ({ context } = await harness.request(uuid, 'shelveOffload'));
    await harness.cast(HOST, 'shelve_offload_instance', { context, instanceUuid: uuid });
    const offloaded = await harness.settled(uuid, 'shelved_offloaded');
    assert.deepEqual([offloaded.host, offloaded.node], [null, null]);
    assert.deepEqual(await harness.allocations(uuid), {});
    assert.ok(!(await harness.driver(HOST).listInstances()).includes(uuid));

    // The conductor picks compute2 and claims there, then casts unshelve to it.
    await harness.claim(uuid, 'compute2');
    await harness.set(uuid, { task_state: 'unshelving' });
    ({ context } = await harness.request(uuid, 'unshelve'));
    await harness.cast('compute2', 'unshelve_instance', {
      context,
      instanceUuid: uuid,
      destination: {
        host: 'compute2',
        nodename: 'compute2',
        providerUuid: harness.nodeUuid('compute2'),
        allocationRequest: { allocations: {} },
      },
    });
    const unshelved = await harness.settled(uuid, 'active');
    assert.deepEqual([unshelved.host, unshelved.power_state], ['compute2', PowerState.RUNNING]);
    assert.equal(JSON.parse(unshelved.system_metadata).shelved_image_id, undefined);
    assert.ok((await harness.driver('compute2').listInstances()).includes(uuid));
    // The shelved snapshot is gone once the instance runs from it.
    assert.equal(await harness.images.getImage(imageId), null);
  });

  test('shelve with offload goes straight to SHELVED_OFFLOADED', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    const imageId = await snapshotImage('offload-now');
    await harness.set(uuid, { task_state: 'shelving' });
    const { context } = await harness.request(uuid, 'shelve');
    await harness.cast(HOST, 'shelve_instance', { context, instanceUuid: uuid, imageId, offload: true });
    const offloaded = await harness.settled(uuid, 'shelved_offloaded');
    assert.equal(offloaded.host, null);
    assert.deepEqual(await harness.allocations(uuid), {});
  });

  test('a failed unshelve gives the claim back and leaves the instance offloaded', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    await harness.set(uuid, { task_state: 'shelving' });
    let { context } = await harness.request(uuid, 'shelve');
    await harness.cast(HOST, 'shelve_instance', {
      context,
      instanceUuid: uuid,
      imageId: null,
      offload: true,
    });
    await harness.settled(uuid, 'shelved_offloaded');
    await harness.claim(uuid, 'compute2', resourcesOf(TINY));
    harness.driver('compute2').faults.failNext('spawn', new HypervisorError('no space'), uuid);
    await harness.set(uuid, { task_state: 'unshelving' });
    ({ context } = await harness.request(uuid, 'unshelve'));
    await harness.cast('compute2', 'unshelve_instance', {
      context,
      instanceUuid: uuid,
      destination: {
        host: 'compute2',
        nodename: 'compute2',
        providerUuid: harness.nodeUuid('compute2'),
        allocationRequest: { allocations: {} },
      },
    });
    const failed = await harness.settled(uuid, 'shelved_offloaded');
    assert.equal(failed.host, null);
    assert.deepEqual(await harness.allocations(uuid), {});
    assert.equal((await harness.faults(uuid)).at(-1)?.message, 'no space');
  });
});
