import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectTransport } from '../../../../src/common/clients/http-transport.js';
import { ImageClient } from '../../../../src/common/clients/image-client.js';
import { defaultConfig } from '../../../../src/common/config/index.js';
import { createLogger } from '../../../../src/common/logging.js';
import { startControlPlane, type RunningControlPlane } from '../../../../src/compute/control-plane.js';
import type { BdmRow } from '../../../../src/compute/volumes/volume-bdms.js';
import { computeTestApp, type ComputeRequest, type ComputeTestApp } from '../../../helpers/compute-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { FakeCinder } from './fake-cinder.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- read field by field

export { PROJECTS };

/** A guest as the fake hypervisor's state file keeps it, the fields the tests read. */
interface FakeGuestState {
  spec: { uuid: string };
  imageBacked: boolean;
  volumes: [string, { volumeId: string }][];
  volumeSizes?: Record<string, number>;
}

/**
 * The compute API with its conductor, scheduler and one fake compute host, reaching an in-memory
 * Cinder (fake-cinder.ts) through the block storage client; callers are the fixed ones
 * ('member' of project one by default).
 */
export interface VolumeCloud {
  compute: ComputeTestApp;
  cinder: FakeCinder;
  host: string;
  imageId: string;
  json(method: string, path: string, status: number, options?: ComputeRequest): Promise<Json>;
  /** Creates a server as 'member' and waits until its status is `status` (default ACTIVE). */
  boot(server: Json, options?: ComputeRequest & { status?: string }): Promise<Json>;
  waitForStatus(id: string, status: string): Promise<Json>;
  /** Waits until `check` holds, failing with `what` after about 4 s. */
  until(what: string, check: () => boolean | Promise<boolean>): Promise<void>;
  bdms(serverId: string): Promise<BdmRow[]>;
  /** The volumes the fake hypervisor has plugged into the server's guest (waits for the guest to be there). */
  guestVolumes(serverId: string): Promise<{ volumeId: string; mountpoint: string; sizeBytes?: number }[]>;
  /** The events of the server's instance action `action`, newest action first. */
  actionEvents(serverId: string, action: string): Promise<Json[]>;
  close(): Promise<void>;
}

export async function volumeCloud(): Promise<VolumeCloud> {
  const host = 'node1';
  const cinder = new FakeCinder();
  const compute = await computeTestApp({ volume: cinder.links() });
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-compute-volumes-'));
  const base = defaultConfig(dataDir);
  const controlPlane: RunningControlPlane = await startControlPlane({
    db: compute.db,
    bus: compute.deps.bus,
    placement: compute.deps.placement,
    images: new ImageClient(
      new InjectTransport(compute.image.app, '/image', { service: 'image', token: async () => 'admin' }),
    ),
    volume: cinder.links(),
    logger: createLogger('silent'),
    config: { ...base.compute, host, fake_hosts: 1 },
    settings: compute.deps.settings,
    dataDir,
  });
  const image = await compute.image.createImage('admin', { name: 'cirros', visibility: 'public' });
  const uploaded = await compute.image.upload('admin', image.id as string, 'not really a disk');
  assert.equal(uploaded.statusCode, 204, uploaded.body);

  const json: VolumeCloud['json'] = async (method, path, status, options) => {
    const response = await compute.request(method, path, options);
    assert.equal(response.statusCode, status, `${method} ${path}: ${response.body}`);
    return (response.body ? response.json() : {}) as Json;
  };
  const until: VolumeCloud['until'] = async (what, check) => {
    for (let attempt = 0; attempt < 400; attempt++) {
      if (await check()) return;
      await sleep(10);
    }
    assert.fail(`never: ${what}`);
  };
  const waitForStatus: VolumeCloud['waitForStatus'] = async (id, status) => {
    let server: Json = {};
    await until(`server ${id} ${status}`, async () => {
      server = (await json('GET', `/servers/${id}`, 200, { caller: 'admin' })).server as Json;
      return server.status === status;
    }).catch(() =>
      assert.fail(`server ${id} is ${server.status}, never ${status}: ${JSON.stringify(server.fault)}`),
    );
    return server;
  };
  return {
    compute,
    cinder,
    host,
    imageId: image.id as string,
    json,
    until,
    waitForStatus,
    async boot(server, { status = 'ACTIVE', ...options } = {}) {
      const created = await json('POST', '/servers', 202, {
        caller: 'member',
        ...options,
        body: { server: { name: 'vm', imageRef: image.id, flavorRef: '1', networks: 'none', ...server } },
        version: options.version ?? '2.37',
      });
      return waitForStatus(created.server.id as string, status);
    },
    bdms: (serverId) =>
      compute.db
        .selectFrom('block_device_mappings')
        .selectAll()
        .where('instance_uuid', '=', serverId)
        .orderBy('id')
        .execute(),
    async guestVolumes(serverId) {
      // The fake hypervisor's state file, which it rewrites soon after each change.
      let guest: FakeGuestState | undefined;
      await until(`the guest of ${serverId} in the fake hypervisor's state`, async () => {
        const text = await readFile(join(dataDir, 'compute', 'fake-hosts', `${host}.json`), 'utf8').catch(
          () => '',
        );
        const state = text ? (JSON.parse(text) as { guests: FakeGuestState[] }) : { guests: [] };
        guest = state.guests.find((candidate) => candidate.spec.uuid === serverId);
        return guest !== undefined;
      });
      return (guest?.volumes ?? []).map(([mountpoint, connection]) => {
        const sizeBytes = guest?.volumeSizes?.[connection.volumeId];
        return {
          volumeId: connection.volumeId,
          mountpoint,
          ...(sizeBytes === undefined ? {} : { sizeBytes }),
        };
      });
    },
    async actionEvents(serverId, action) {
      const actions = await json('GET', `/servers/${serverId}/os-instance-actions`, 200, { caller: 'admin' });
      const found = (actions.instanceActions as Json[]).find((entry) => entry.action === action);
      assert.ok(found, `no ${action} action on ${serverId}`);
      const detail = await json('GET', `/servers/${serverId}/os-instance-actions/${found.request_id}`, 200, {
        caller: 'admin',
        version: '2.51',
      });
      return detail.instanceAction.events as Json[];
    },
    async close() {
      await controlPlane.stop();
      await compute.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
