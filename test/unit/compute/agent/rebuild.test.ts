import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { HypervisorError } from '../../../../src/compute/virt/errors.js';
import { PowerState } from '../../../../src/compute/virt/power-state.js';
import { AgentHarness, PROJECT, resourcesOf, TINY, USER } from './agent-harness.js';

describe('rebuild and evacuate', () => {
  let harness: AgentHarness;
  before(async () => {
    harness = await AgentHarness.create();
    await harness.start('compute1');
    await harness.start('compute2');
  });
  after(() => harness.close());

  async function rebuild(host: string, uuid: string, imageRef: string, evacuatedFrom: string | null = null) {
    await harness.set(uuid, { task_state: 'rebuilding' });
    const { context } = await harness.request(uuid, evacuatedFrom ? 'evacuate' : 'rebuild');
    await harness.cast(host, 'rebuild_instance', {
      context,
      instanceUuid: uuid,
      imageRef,
      adminPassword: null,
      preserveEphemeral: false,
      evacuatedFrom,
    });
  }

  test('rebuild with another image spawns the guest again from it, with its properties', async () => {
    const { uuid } = await harness.activeInstance('compute1');
    const image = await harness.image.createImage('admin', {
      name: 'debian',
      hw_disk_bus: 'scsi',
      min_ram: 256,
    });
    await rebuild('compute1', uuid, image.id as string);
    const row = await harness.settled(uuid, 'active');
    assert.equal(row.image_ref, image.id);
    const metadata = JSON.parse(row.system_metadata);
    assert.deepEqual(
      [
        metadata.image_hw_disk_bus,
        metadata.image_min_ram,
        metadata.image_min_disk,
        metadata.image_base_image_ref,
      ],
      ['scsi', '256', '1', image.id],
    );
    assert.equal(row.power_state, PowerState.RUNNING);
    assert.equal((await harness.events(uuid)).at(-1)?.event, 'compute_rebuild_instance');
  });

  test('a stopped instance is stopped again after its rebuild; a failed rebuild is ERROR', async () => {
    const { uuid, image_ref: imageRef } = await harness.activeInstance('compute1');
    await harness.set(uuid, { task_state: 'powering-off' });
    const { context } = await harness.request(uuid, 'stop');
    await harness.cast('compute1', 'stop_instance', { context, instanceUuid: uuid, cleanShutdown: false });
    await harness.settled(uuid, 'stopped');
    await rebuild('compute1', uuid, imageRef);
    const stopped = await harness.settled(uuid, 'stopped');
    assert.equal(stopped.power_state, PowerState.SHUTDOWN);

    harness.driver('compute1').faults.failNext('spawn', new HypervisorError('no image'), uuid);
    await rebuild('compute1', uuid, imageRef);
    await harness.settled(uuid, 'error');
    assert.equal((await harness.faults(uuid)).at(-1)?.message, 'no image');
  });

  test('evacuation rebuilds on this host; the failed host cleans up when it comes back', async () => {
    const { uuid, image_ref: imageRef } = await harness.activeInstance('compute1');
    await harness.agents.get('compute1')!.stop({ timeoutMs: 0 });
    // The conductor's part: the evacuation record, and the instance's claim on the new host too.
    const migrationUuid = randomUUID();
    await harness.db
      .insertInto('migrations')
      .values({
        uuid: migrationUuid,
        instance_uuid: uuid,
        migration_type: 'evacuation',
        status: 'accepted',
        source_compute: 'compute1',
        source_node: 'compute1',
        dest_compute: null,
        dest_node: null,
        dest_host: null,
        old_flavor_id: TINY.id,
        new_flavor_id: TINY.id,
        user_id: USER,
        project_id: PROJECT,
        created_at: new Date().toISOString(),
        updated_at: null,
      })
      .execute();
    const current = await harness.placementClient.getAllocations(uuid);
    await harness.placementClient.claim(
      uuid,
      {
        allocations: {
          [harness.nodeUuid('compute1')]: { resources: resourcesOf(TINY) },
          [harness.nodeUuid('compute2')]: { resources: resourcesOf(TINY) },
        },
      },
      { projectId: PROJECT, userId: USER, consumerGeneration: current.consumer_generation ?? null },
    );
    await rebuild('compute2', uuid, imageRef, 'compute1');
    const row = await harness.settled(uuid, 'active');
    assert.deepEqual([row.host, row.node], ['compute2', 'compute2']);
    const status = async () =>
      (
        await harness.db
          .selectFrom('migrations')
          .select('status')
          .where('uuid', '=', migrationUuid)
          .executeTakeFirstOrThrow()
      ).status;
    assert.equal(await status(), 'done');
    assert.ok((await harness.driver('compute2').listInstances()).includes(uuid));

    await harness.start('compute1');
    assert.equal(await status(), 'completed');
    assert.ok(!(await harness.driver('compute1').listInstances()).includes(uuid));
    assert.deepEqual(await harness.allocations(uuid), { [harness.nodeUuid('compute2')]: resourcesOf(TINY) });
    assert.equal((await harness.instances.get(uuid)).host, 'compute2');
  });
});
