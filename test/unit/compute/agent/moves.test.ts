import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Destination } from '../../../../src/compute/rpc/compute-api.js';
import { HypervisorError } from '../../../../src/compute/virt/errors.js';
import { PowerState } from '../../../../src/compute/virt/power-state.js';
import type { FlavorSpec } from '../../../../src/compute/virt/types.js';
import { AgentHarness, MEDIUM, PROJECT, resourcesOf, TINY, USER, waitUntil } from './agent-harness.js';

const SOURCE = 'compute1';
const DEST = 'compute2';

describe('resize and live migration', () => {
  let harness: AgentHarness;
  before(async () => {
    harness = await AgentHarness.create();
    await harness.start(SOURCE);
    await harness.start(DEST);
  });
  after(() => harness.close());

  function destination(host: string, flavor: FlavorSpec): Destination {
    const providerUuid = harness.nodeUuid(host);
    return {
      host,
      nodename: host,
      providerUuid,
      allocationRequest: { allocations: { [providerUuid]: { resources: resourcesOf(flavor) } } },
    };
  }

  /** What the conductor does before a move: the record, the source claim to the migration, the new claim. */
  async function prepareMove(uuid: string, type: string, flavor: FlavorSpec): Promise<string> {
    const migrationUuid = randomUUID();
    await harness.db
      .insertInto('migrations')
      .values({
        uuid: migrationUuid,
        instance_uuid: uuid,
        migration_type: type,
        status: type === 'resize' ? 'pre-migrating' : 'accepted',
        source_compute: SOURCE,
        source_node: SOURCE,
        dest_compute: DEST,
        dest_node: DEST,
        dest_host: null,
        old_flavor_id: TINY.id,
        new_flavor_id: flavor.id,
        user_id: USER,
        project_id: PROJECT,
        created_at: new Date().toISOString(),
        updated_at: null,
      })
      .execute();
    assert.ok(await harness.placementClient.moveAllocations(uuid, migrationUuid));
    await harness.claim(uuid, DEST, resourcesOf(flavor));
    return migrationUuid;
  }

  const migrationStatus = async (uuid: string) =>
    (
      await harness.db
        .selectFrom('migrations')
        .select('status')
        .where('uuid', '=', uuid)
        .executeTakeFirstOrThrow()
    ).status;

  async function resized(): Promise<{ uuid: string; migrationUuid: string }> {
    const { uuid } = await harness.activeInstance(SOURCE);
    const migrationUuid = await prepareMove(uuid, 'resize', MEDIUM);
    await harness.set(uuid, { task_state: 'resize_prep' });
    const { context } = await harness.request(uuid, 'resize');
    await harness.cast(DEST, 'prep_resize', {
      context,
      instanceUuid: uuid,
      migrationUuid,
      destination: destination(DEST, MEDIUM),
    });
    const row = await harness.settled(uuid, 'resized');
    assert.deepEqual(
      [row.host, row.node, row.vcpus, row.memory_mb],
      [DEST, DEST, MEDIUM.vcpus, MEDIUM.memoryMb],
    );
    assert.equal(JSON.parse(row.old_flavor!).id, TINY.id);
    assert.equal(row.power_state, PowerState.RUNNING);
    assert.equal(await migrationStatus(migrationUuid), 'finished');
    return { uuid, migrationUuid };
  }

  test('resize goes to VERIFY_RESIZE with the new claim on the destination and the old one on the migration', async () => {
    const { uuid, migrationUuid } = await resized();
    assert.deepEqual(await harness.allocations(uuid), { [harness.nodeUuid(DEST)]: resourcesOf(MEDIUM) });
    assert.deepEqual(await harness.allocations(migrationUuid), {
      [harness.nodeUuid(SOURCE)]: resourcesOf(TINY),
    });
    assert.equal((await harness.driver(DEST).instanceInfo(uuid)).vcpus, MEDIUM.vcpus);
    const events = (await harness.events(uuid))
      .filter((e) => e.action === 'resize')
      .map((e) => [e.event, e.host]);
    assert.deepEqual(events, [
      ['compute_prep_resize', DEST],
      ['compute_resize_instance', SOURCE],
      ['compute_finish_resize', DEST],
    ]);
  });

  test('confirm drops the source guest and the claim the migration held', async () => {
    const { uuid, migrationUuid } = await resized();
    await harness.db
      .updateTable('migrations')
      .set({ status: 'confirming' })
      .where('uuid', '=', migrationUuid)
      .execute();
    const { context } = await harness.request(uuid, 'confirmResize');
    await harness.cast(SOURCE, 'confirm_resize', { context, instanceUuid: uuid, migrationUuid });
    const row = await harness.settled(uuid, 'active');
    assert.deepEqual([row.host, row.old_flavor, row.new_flavor], [DEST, null, null]);
    assert.equal(await migrationStatus(migrationUuid), 'confirmed');
    assert.deepEqual(await harness.allocations(migrationUuid), {});
    assert.deepEqual(await harness.allocations(uuid), { [harness.nodeUuid(DEST)]: resourcesOf(MEDIUM) });
    assert.ok(!(await harness.driver(SOURCE).listInstances()).includes(uuid));
  });

  test('revert brings the old guest, flavor and claim back to the source', async () => {
    const { uuid, migrationUuid } = await resized();
    await harness.set(uuid, { task_state: 'resize_reverting' });
    await harness.db
      .updateTable('migrations')
      .set({ status: 'reverting' })
      .where('uuid', '=', migrationUuid)
      .execute();
    const { context } = await harness.request(uuid, 'revertResize');
    await harness.cast(DEST, 'revert_resize', { context, instanceUuid: uuid, migrationUuid });
    const row = await harness.settled(uuid, 'active');
    assert.deepEqual(
      [row.host, row.node, row.vcpus, row.old_flavor, row.new_flavor],
      [SOURCE, SOURCE, TINY.vcpus, null, null],
    );
    assert.equal(row.power_state, PowerState.RUNNING);
    assert.equal(await migrationStatus(migrationUuid), 'reverted');
    assert.deepEqual(await harness.allocations(uuid), { [harness.nodeUuid(SOURCE)]: resourcesOf(TINY) });
    assert.deepEqual(await harness.allocations(migrationUuid), {});
    assert.ok(!(await harness.driver(DEST).listInstances()).includes(uuid));
    assert.equal((await harness.driver(SOURCE).instanceInfo(uuid)).powerState, PowerState.RUNNING);
  });

  test('a resize that fails on the source puts the instance in ERROR and the claim back', async () => {
    const { uuid } = await harness.activeInstance(SOURCE);
    const migrationUuid = await prepareMove(uuid, 'resize', MEDIUM);
    harness
      .driver(SOURCE)
      .faults.failNext('migrateDiskAndPowerOff', new HypervisorError('rsync failed'), uuid);
    await harness.set(uuid, { task_state: 'resize_prep' });
    const { context } = await harness.request(uuid, 'resize');
    await harness.cast(DEST, 'prep_resize', {
      context,
      instanceUuid: uuid,
      migrationUuid,
      destination: destination(DEST, MEDIUM),
    });
    const row = await harness.settled(uuid, 'error');
    assert.equal(row.host, SOURCE);
    assert.equal(await migrationStatus(migrationUuid), 'error');
    assert.deepEqual(await harness.allocations(uuid), { [harness.nodeUuid(SOURCE)]: resourcesOf(TINY) });
    assert.deepEqual(await harness.allocations(migrationUuid), {});
  });

  test('live migration moves the guest, the host and the claim', async () => {
    const { uuid } = await harness.activeInstance(SOURCE);
    const migrationUuid = await prepareMove(uuid, 'live-migration', TINY);
    await harness.set(uuid, { task_state: 'migrating' });
    const { context } = await harness.request(uuid, 'live-migration');
    await harness.cast(SOURCE, 'live_migration', {
      context,
      instanceUuid: uuid,
      migrationUuid,
      destination: destination(DEST, TINY),
      blockMigration: false,
    });
    const row = await harness.waitFor(uuid, (r) => r.task_state === null && r.host === DEST, 'the move');
    assert.deepEqual([row.vm_state, row.node, row.power_state], ['active', DEST, PowerState.RUNNING]);
    await waitUntil(async () => (await migrationStatus(migrationUuid)) === 'completed', 'completed');
    assert.deepEqual(await harness.allocations(migrationUuid), {});
    assert.deepEqual(await harness.allocations(uuid), { [harness.nodeUuid(DEST)]: resourcesOf(TINY) });
    assert.ok(!(await harness.driver(SOURCE).listInstances()).includes(uuid));
    assert.equal((await harness.driver(DEST).instanceInfo(uuid)).powerState, PowerState.RUNNING);
  });

  test('a failed live migration rolls back: the instance stays ACTIVE on the source', async () => {
    const { uuid } = await harness.activeInstance(SOURCE);
    const migrationUuid = await prepareMove(uuid, 'live-migration', TINY);
    harness.driver(SOURCE).faults.failNext('liveMigration', new HypervisorError('connection lost'), uuid);
    await harness.set(uuid, { task_state: 'migrating' });
    const { context } = await harness.request(uuid, 'live-migration');
    await harness.cast(SOURCE, 'live_migration', {
      context,
      instanceUuid: uuid,
      migrationUuid,
      destination: destination(DEST, TINY),
      blockMigration: true,
    });
    const row = await harness.settled(uuid, 'active');
    assert.equal(row.host, SOURCE);
    assert.equal(await migrationStatus(migrationUuid), 'failed');
    assert.deepEqual(await harness.allocations(uuid), { [harness.nodeUuid(SOURCE)]: resourcesOf(TINY) });
    assert.deepEqual(await harness.allocations(migrationUuid), {});
    await waitUntil(
      async () => !(await harness.driver(DEST).listInstances()).includes(uuid),
      'the incoming guest gone',
    );
    assert.equal((await harness.driver(SOURCE).instanceInfo(uuid)).powerState, PowerState.RUNNING);
  });
});
