import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Destination } from '../../../../src/compute/rpc/compute-api.js';
import { HypervisorError } from '../../../../src/compute/virt/errors.js';
import { PowerState } from '../../../../src/compute/virt/power-state.js';
import { AgentHarness, resourcesOf, TINY, waitUntil } from './agent-harness.js';

describe('build_and_run_instance', () => {
  let harness: AgentHarness;
  before(async () => {
    harness = await AgentHarness.create();
    await harness.start('compute1');
    await harness.start('compute2');
  });
  after(() => harness.close());

  test('builds the instance to ACTIVE on this host, RUNNING, with its event', async () => {
    const row = await harness.createInstance({
      key_name: 'mykey',
      key_data: 'ssh-ed25519 AAAA test',
      user_data: Buffer.from('#!/bin/sh\necho hi').toString('base64'),
      config_drive: 1,
    });
    await harness.claim(row.uuid, 'compute1');
    const { context } = await harness.request(row.uuid, 'create');
    await harness.cast('compute1', 'build_and_run_instance', {
      context,
      instanceUuid: row.uuid,
      adminPassword: 'secret',
      alternates: [],
    });
    const built = await harness.settled(row.uuid, 'active');
    assert.deepEqual([built.host, built.node, built.launched_on], ['compute1', 'compute1', 'compute1']);
    assert.equal(built.power_state, PowerState.RUNNING);
    assert.ok(built.launched_at);
    const info = await harness.driver('compute1').instanceInfo(row.uuid);
    assert.deepEqual([info.vcpus, info.memoryMb], [TINY.vcpus, TINY.memoryMb]);
    const console = await harness.driver('compute1').getConsoleOutput({ uuid: row.uuid } as never);
    assert.match(console, /found datasource ConfigDrive/);
    assert.match(console, /added ssh key of mykey/);
    assert.deepEqual(await harness.events(row.uuid), [
      { action: 'create', event: 'compute_build_and_run_instance', result: 'Success', host: 'compute1' },
    ]);
    assert.deepEqual(await harness.allocations(row.uuid), {
      [harness.nodeUuid('compute1')]: resourcesOf(TINY),
    });
  });

  test('a failed spawn with alternates left gives back the claim and asks the conductor to reschedule', async () => {
    const row = await harness.createInstance();
    await harness.claim(row.uuid, 'compute1');
    const { context } = await harness.request(row.uuid, 'create');
    harness
      .driver('compute1')
      .faults.failNext('spawn', new HypervisorError('no room on the hypervisor'), row.uuid);
    const alternate: Destination = {
      host: 'compute2',
      nodename: 'compute2',
      providerUuid: harness.nodeUuid('compute2'),
      allocationRequest: {
        allocations: { [harness.nodeUuid('compute2')]: { resources: resourcesOf(TINY) } },
      },
    };
    await harness.cast('compute1', 'build_and_run_instance', {
      context,
      instanceUuid: row.uuid,
      adminPassword: null,
      alternates: [alternate],
    });
    const rescheduled = await harness.waitFor(row.uuid, (r) => r.task_state === 'scheduling', 'rescheduling');
    assert.deepEqual([rescheduled.vm_state, rescheduled.host, rescheduled.node], ['building', null, null]);
    await waitUntil(() => harness.conductorCasts.some((c) => c.args.instanceUuid === row.uuid));
    const cast = harness.conductorCasts.find((c) => c.args.instanceUuid === row.uuid)!;
    assert.equal(cast.method, 'reschedule_instance');
    assert.deepEqual(cast.args.alternates, [alternate]);
    assert.equal(cast.args.reason, 'no room on the hypervisor');
    assert.deepEqual(await harness.allocations(row.uuid), {});
    assert.ok(!(await harness.driver('compute1').listInstances()).includes(row.uuid));
    assert.deepEqual(await harness.faults(row.uuid), []);
    const [event] = await harness.events(row.uuid);
    assert.equal(event.result, 'Error');
  });

  test('a failed spawn with no alternate puts the instance in ERROR with a fault and frees the claim', async () => {
    const row = await harness.createInstance();
    await harness.claim(row.uuid, 'compute1');
    const { context } = await harness.request(row.uuid, 'create');
    harness
      .driver('compute1')
      .faults.failNext('spawn', new HypervisorError('disk image is corrupt'), row.uuid);
    await harness.cast('compute1', 'build_and_run_instance', {
      context,
      instanceUuid: row.uuid,
      adminPassword: null,
      alternates: [],
    });
    const failed = await harness.settled(row.uuid, 'error');
    assert.equal(failed.host, null);
    const [fault] = await harness.faults(row.uuid);
    assert.deepEqual([fault.code, fault.message, fault.host], [500, 'disk image is corrupt', 'compute1']);
    assert.deepEqual(await harness.allocations(row.uuid), {});
  });

  test('an instance deleted while it spawned loses its guest and its claim', async () => {
    const row = await harness.createInstance();
    await harness.claim(row.uuid, 'compute1');
    const { context } = await harness.request(row.uuid, 'create');
    harness.driver('compute1').faults.setDelay('spawn', 300);
    try {
      await harness.cast('compute1', 'build_and_run_instance', {
        context,
        instanceUuid: row.uuid,
        adminPassword: null,
        alternates: [],
      });
      await harness.waitFor(row.uuid, (r) => r.task_state === 'spawning', 'spawning');
      // The API deletes it locally while the guest is being made.
      await harness.instances.markDeleted(row.uuid);
      await waitUntil(async () => Object.keys(await harness.allocations(row.uuid)).length === 0);
      await waitUntil(async () => !(await harness.driver('compute1').listInstances()).includes(row.uuid));
    } finally {
      harness.driver('compute1').faults.setDelay('spawn', 0);
    }
    const gone = await harness.instances.get(row.uuid, { readDeleted: true });
    assert.equal(gone.deleted, 1);
  });

  test('a burst of builds on one host all go ACTIVE', async () => {
    const rows = await Promise.all(Array.from({ length: 20 }, () => harness.createInstance()));
    await Promise.all(rows.map((row) => harness.claim(row.uuid, 'compute2')));
    harness.driver('compute2').faults.setDelay('spawn', 5);
    for (const row of rows) {
      const { context } = await harness.request(row.uuid, 'create');
      await harness.cast('compute2', 'build_and_run_instance', {
        context,
        instanceUuid: row.uuid,
        adminPassword: null,
        alternates: [],
      });
    }
    const built = await Promise.all(rows.map((row) => harness.settled(row.uuid, 'active')));
    assert.ok(built.every((row) => row.host === 'compute2'));
    harness.driver('compute2').faults.setDelay('spawn', 0);
    await waitUntil(async () => {
      const node = await harness.db
        .selectFrom('compute_nodes')
        .select('running_vms')
        .where('host', '=', 'compute2')
        .executeTakeFirstOrThrow();
      return node.running_vms === 20;
    });
  });
});
