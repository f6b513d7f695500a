import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { AGENT_KINDS, reportAgentState } from '../../../src/network/agents/agent-state.js';
import { validateAvailabilityZones } from '../../../src/network/agents/availability-zones.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';

describe('agents and availability zones', () => {
  let net: NetworkTestApp;
  let now = new Date('2024-05-01T12:00:00Z');
  before(async () => {
    net = await networkTestApp();
    net.deps.now = () => now;
  });
  beforeEach(() => {
    now = new Date('2024-05-01T12:00:00Z');
  });
  after(() => net.close());

  const report = (kind: keyof typeof AGENT_KINDS, host: string, extra: Record<string, unknown> = {}) =>
    reportAgentState(net.db, net.deps, { ...AGENT_KINDS[kind], host, ...extra });

  test('with no agent yet, networks and routers are still served in nova', async () => {
    const { availability_zones: zones } = await net.json('GET', '/availability_zones', 200);
    assert.deepEqual(zones, [
      { name: 'nova', resource: 'network', state: 'available' },
      { name: 'nova', resource: 'router', state: 'available' },
    ]);
  });

  test('an agent registers on its first report and shows as Neutron shows it, to admins only', async () => {
    const first = await report('dhcp', 'host-1', { configurations: { networks: 2 }, start_flag: true });
    assert.equal(first.status, 'new');
    assert.equal(first.admin_state_up, true);
    const { agent } = await net.json('GET', `/agents/${first.id}`, 200, { caller: 'admin' });
    assert.deepEqual(agent, {
      id: first.id,
      agent_type: 'DHCP agent',
      binary: 'neutron-dhcp-agent',
      topic: 'dhcp_agent',
      host: 'host-1',
      admin_state_up: true,
      created_at: '2024-05-01 12:00:00',
      started_at: '2024-05-01 12:00:00',
      heartbeat_timestamp: '2024-05-01 12:00:00',
      alive: true,
      configurations: { networks: 2 },
      description: null,
      availability_zone: 'nova',
      resources_synced: null,
    });
    assert.deepEqual((await net.json('GET', '/agents', 200)).agents, [], 'members see none');
    assert.equal((await net.request('GET', `/agents/${first.id}`)).statusCode, 404);
    const again = await report('dhcp', 'host-1');
    assert.equal(again.id, first.id);
    assert.equal(again.status, 'alive');
  });

  test('an agent silent for longer than agent_down_time is dead, and revived by its next report', async () => {
    const { id } = await report('linuxBridge', 'host-2');
    now = new Date('2024-05-01T12:01:16Z');
    const dead = await net.json('GET', `/agents?host=host-2&alive=false`, 200, { caller: 'admin' });
    assert.deepEqual(
      dead.agents.map((agent: { id: string }) => agent.id),
      [id],
    );
    assert.equal(dead.agents[0].availability_zone, null);
    const revived = await report('linuxBridge', 'host-2');
    assert.equal(revived.status, 'revived');
    const { agent } = await net.json('GET', `/agents/${id}`, 200, { caller: 'admin' });
    assert.equal(agent.alive, true);
    assert.equal(agent.heartbeat_timestamp, '2024-05-01 12:01:16');
    assert.equal(agent.started_at, '2024-05-01 12:00:00', 'started_at moves only on start_flag');
  });

  test('an admin disables, describes and deletes an agent; zones follow the agents', async () => {
    const l3 = await report('l3', 'host-3', { availability_zone: 'zone-b' });
    const updated = await net.json('PUT', `/agents/${l3.id}`, 200, {
      caller: 'admin',
      body: { agent: { admin_state_up: false, description: 'draining' } },
    });
    assert.equal(updated.agent.admin_state_up, false);
    assert.equal(updated.agent.description, 'draining');
    const readOnly = await net.request('PUT', `/agents/${l3.id}`, {
      caller: 'admin',
      body: { agent: { host: 'elsewhere' } },
    });
    assert.equal(readOnly.json().NeutronError.message, 'Cannot update read-only attribute host');
    const byMember = await net.request('PUT', `/agents/${l3.id}`, { body: { agent: { description: 'x' } } });
    assert.equal(byMember.statusCode, 404);
    const { availability_zones: zones } = await net.json('GET', '/availability_zones?resource=router', 200);
    assert.deepEqual(zones, [{ name: 'zone-b', resource: 'router', state: 'unavailable' }]);
    const names = await net.json('GET', '/availability_zones?fields=name&resource=network', 200);
    assert.deepEqual(names.availability_zones, [{ name: 'nova' }]);
    // Hints name zones the agents serve: routers now only zone-b, networks still nova.
    await validateAvailabilityZones(net.db, net.deps.now, 'router', ['zone-b']);
    await validateAvailabilityZones(net.db, net.deps.now, 'network', ['nova']);
    await assert.rejects(validateAvailabilityZones(net.db, net.deps.now, 'router', ['nova']), {
      status: 404,
      type: 'AvailabilityZoneNotFound',
      message: 'AvailabilityZone nova could not be found.',
    });
    await net.json('DELETE', `/agents/${l3.id}`, 204, { caller: 'admin' });
    const missing = await net.request('GET', `/agents/${l3.id}`, { caller: 'admin' });
    assert.deepEqual(missing.json().NeutronError, {
      type: 'AgentNotFound',
      message: `Agent ${l3.id} could not be found.`,
      detail: '',
    });
  });
});
