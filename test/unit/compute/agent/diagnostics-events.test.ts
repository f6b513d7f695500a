import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RemoteError } from '../../../../src/common/bus/index.js';
import { createLogger } from '../../../../src/common/logging.js';
import type { AgentContext } from '../../../../src/compute/agent/agent-context.js';
import { externalInstanceEvent, InstanceEvents } from '../../../../src/compute/agent/instance-events.js';
import type { ExternalEvent } from '../../../../src/compute/rpc/compute-api.js';
import type { InstanceDiagnostics } from '../../../../src/compute/virt/types.js';
import { PowerState } from '../../../../src/compute/virt/power-state.js';
import { AgentHarness, TINY } from './agent-harness.js';

const HOST = 'compute1';

describe('get_diagnostics and get_host_uptime', () => {
  let harness: AgentHarness;
  before(async () => {
    harness = await AgentHarness.create();
    await harness.start(HOST);
  });
  after(() => harness.close());

  const context = {
    requestId: 'req-test',
    userId: 'u-admin',
    projectId: 'p',
    roles: ['admin'],
    isAdmin: true,
  };

  test("a running guest's diagnostics come from the driver", async () => {
    const { uuid } = await harness.activeInstance(HOST);
    const diagnostics = (await harness.call(HOST, 'get_diagnostics', {
      context,
      instanceUuid: uuid,
    })) as InstanceDiagnostics;
    assert.equal(diagnostics.powerState, PowerState.RUNNING);
    assert.equal(diagnostics.memory.maximumMb, TINY.memoryMb);
    assert.equal(diagnostics.cpus.length, TINY.vcpus);
    assert.deepEqual(
      diagnostics.disks.map((disk) => disk.device),
      ['vda'],
    );
    // A look-up: no instance action event, no fault.
    assert.deepEqual(
      (await harness.events(uuid)).map((event) => event.event),
      ['compute_build_and_run_instance'],
    );
  });

  test('a guest that is not running is an invalid power state, recorded as a fault', async () => {
    const { uuid } = await harness.activeInstance(HOST);
    await harness.driver(HOST).powerOff({ uuid } as never);
    await harness.set(uuid, { vm_state: 'stopped', power_state: PowerState.SHUTDOWN });
    await assert.rejects(
      harness.call(HOST, 'get_diagnostics', { context, instanceUuid: uuid }),
      (error: RemoteError) => {
        assert.ok(error instanceof RemoteError);
        assert.equal(error.details.status, 409);
        assert.equal(
          error.message,
          `Cannot 'get_diagnostics' instance ${uuid} while it is in power state shutdown`,
        );
        return true;
      },
    );
    assert.equal((await harness.faults(uuid)).length, 1);
  });

  test("the host's uptime line", async () => {
    assert.match(String(await harness.call(HOST, 'get_host_uptime', { context })), / up .*load average/);
  });
});

describe('external instance events', () => {
  const event = (overrides: Partial<ExternalEvent> = {}): ExternalEvent => ({
    instanceUuid: 'i-1',
    name: 'network-vif-plugged',
    status: 'completed',
    tag: 'port-1',
    ...overrides,
  });

  test('an event goes to the operation that prepared for it, once', async () => {
    const events = new InstanceEvents();
    const plugged = events.prepare('i-1', 'network-vif-plugged', 'port-1');
    assert.equal(events.pop(event({ tag: 'port-2' })), false, 'another port');
    assert.equal(events.pop(event({ instanceUuid: 'i-2' })), false, 'another instance');
    assert.equal(events.pop(event({ status: 'failed' })), true);
    assert.deepEqual(await plugged, event({ status: 'failed' }));
    assert.equal(events.pop(event()), false, 'nobody waits any more');
  });

  test('an event without a tag matches a waiter without one', async () => {
    const events = new InstanceEvents();
    const changed = events.prepare('i-1', 'network-changed');
    assert.equal(events.pop(event({ name: 'network-changed', tag: null })), true);
    assert.equal((await changed).name, 'network-changed');
  });

  test('external_instance_event hands each event to its waiter and drops the others', async () => {
    const ctx = { events: new InstanceEvents(), host: HOST, logger: createLogger('silent') };
    const waited = ctx.events.prepare('i-1', 'network-vif-plugged', 'port-1');
    await externalInstanceEvent(ctx as unknown as AgentContext, {
      context: {
        requestId: 'req-1',
        userId: 'neutron',
        projectId: 'service',
        roles: ['admin'],
        isAdmin: true,
      },
      events: [event({ name: 'network-changed', tag: null }), event()],
    });
    assert.deepEqual(await waited, event());
  });
});
