import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InstanceInvalidState } from '../../../../src/compute/instances/actions.js';
import { PowerState } from '../../../../src/compute/virt/power-state.js';
import type { InstanceDiagnostics } from '../../../../src/compute/virt/types.js';
import { actionsFixture, faultMessage, PROJECTS, type ActionsFixture } from '../server-actions/fixtures.js';

/** The host whose fake agent answers `get_diagnostics` (the fixture's own agents do not). */
const HOST = 'diag-host';

const DIAGNOSTICS: InstanceDiagnostics = {
  powerState: PowerState.RUNNING,
  driver: 'libvirt',
  hypervisor: 'fake',
  hypervisorOs: 'linux',
  uptimeSec: 46,
  configDrive: false,
  memory: { maximumMb: 512, usedMb: 128 },
  cpus: [{ id: 0, timeNs: 2_300_000_000, utilisation: 5 }],
  nics: [
    {
      device: 'tap0123456789a',
      macAddress: 'fa:16:3e:00:00:01',
      rxOctets: 2070139,
      rxErrors: 0,
      rxDrop: 0,
      rxPackets: 26701,
      rxRate: null,
      txOctets: 140208,
      txErrors: 0,
      txDrop: 0,
      txPackets: 662,
      txRate: null,
    },
  ],
  disks: [
    {
      device: 'vda',
      readBytes: 262144,
      readRequests: 112,
      writeBytes: 5778432,
      writeRequests: 488,
      errorsCount: 0,
    },
  ],
};

describe('GET /servers/{id}/diagnostics', () => {
  let fx: ActionsFixture;
  let answer: (uuid: string) => unknown;
  before(async () => {
    fx = await actionsFixture();
    await fx.computeHost(HOST);
    await fx.compute.deps.bus.serve(`compute.${HOST}`, {
      get_diagnostics: (args: { instanceUuid: string }) => answer(args.instanceUuid),
    });
  });
  after(() => fx.close());

  const get = (uuid: string, version?: string, caller = 'admin') =>
    fx.compute.request('GET', `/servers/${uuid}/diagnostics`, { version, caller });

  test('from 2.48 the standard object, as the agent measured it', async () => {
    answer = () => DIAGNOSTICS;
    const uuid = await fx.server({ host: HOST, node: HOST });
    const response = await get(uuid, '2.48');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), {
      state: 'running',
      driver: 'libvirt',
      hypervisor: 'fake',
      hypervisor_os: 'linux',
      uptime: 46,
      config_drive: false,
      num_cpus: 1,
      num_nics: 1,
      num_disks: 1,
      memory_details: { maximum: 512, used: 128 },
      cpu_details: [{ id: 0, time: 2_300_000_000, utilisation: 5 }],
      nic_details: [
        {
          mac_address: 'fa:16:3e:00:00:01',
          rx_octets: 2070139,
          rx_errors: 0,
          rx_drop: 0,
          rx_packets: 26701,
          rx_rate: null,
          tx_octets: 140208,
          tx_errors: 0,
          tx_drop: 0,
          tx_packets: 662,
          tx_rate: null,
        },
      ],
      disk_details: [
        {
          read_bytes: 262144,
          read_requests: 112,
          write_bytes: 5778432,
          write_requests: 488,
          errors_count: 0,
        },
      ],
    });
  });

  test("before 2.48 the libvirt driver's flat counters, memory in KiB", async () => {
    answer = () => DIAGNOSTICS;
    const uuid = await fx.server({ host: HOST, node: HOST });
    const response = await get(uuid, '2.47');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), {
      cpu0_time: 2_300_000_000,
      vda_read_req: 112,
      vda_read: 262144,
      vda_write_req: 488,
      vda_write: 5778432,
      vda_errors: 0,
      tap0123456789a_rx: 2070139,
      tap0123456789a_rx_packets: 26701,
      tap0123456789a_rx_errors: 0,
      tap0123456789a_rx_drop: 0,
      tap0123456789a_tx: 140208,
      tap0123456789a_tx_packets: 662,
      tap0123456789a_tx_errors: 0,
      tap0123456789a_tx_drop: 0,
      memory: 524288,
    });
  });

  test('admin only: the owner is refused, another project does not see the server', async () => {
    answer = () => DIAGNOSTICS;
    const uuid = await fx.server({ host: HOST, node: HOST });
    const owner = await get(uuid, '2.48', 'member');
    assert.equal(owner.statusCode, 403);
    assert.equal(
      faultMessage(owner),
      "Policy doesn't allow os_compute_api:os-server-diagnostics to be performed.",
    );
    assert.equal((await get(uuid, '2.48', 'other')).statusCode, 404);
    assert.equal((await get('00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });

  test('409 for a server on no host, and for one the agent finds not running', async () => {
    const unscheduled = await fx.server({ host: null, node: null, vm_state: 'building', power_state: 0 });
    const notReady = await get(unscheduled, '2.48');
    assert.equal(notReady.statusCode, 409);
    assert.equal(faultMessage(notReady), `Instance ${unscheduled} is not ready`);

    const stopped = await fx.server({ host: HOST, node: HOST, vm_state: 'stopped', power_state: 4 });
    answer = (uuid) => {
      throw new InstanceInvalidState(uuid, 'get_diagnostics', 'power state', 'shutdown');
    };
    const refused = await get(stopped, '2.48');
    assert.equal(refused.statusCode, 409);
    assert.equal(
      faultMessage(refused),
      `Cannot 'get_diagnostics' instance ${stopped} while it is in power state shutdown`,
    );
  });

  test('a project admin of another project sees it too (admin is global in Zed)', async () => {
    answer = () => DIAGNOSTICS;
    const uuid = await fx.server({ host: HOST, node: HOST, project_id: PROJECTS.two });
    assert.equal((await get(uuid, '2.48')).statusCode, 200);
  });
});
