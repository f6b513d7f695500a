import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectTransport } from '../../src/common/clients/http-transport.js';
import { ImageClient } from '../../src/common/clients/image-client.js';
import { NetworkClient } from '../../src/common/clients/network-client.js';
import { defaultConfig } from '../../src/common/config/index.js';
import { createLogger } from '../../src/common/logging.js';
import { startControlPlane, type RunningControlPlane } from '../../src/compute/control-plane.js';
import type { NetworkLinks } from '../../src/compute/deps.js';
import { NetworkAgent } from '../../src/network/agent/network-agent.js';
import { FakeNetworkDriver } from '../../src/network/drivers/fake/fake-network-driver.js';
import { computeTestApp, type ComputeRequest, type ComputeTestApp } from './compute-app.js';
import { networkTestApp, type NetworkTestApp } from './network-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- read field by field

export interface ComputeNetworkOptions {
  /** Nova's `vif_plugging_timeout` for the agents (seconds; 0 does not wait). Default 5. */
  vifPluggingTimeout?: number;
  vifPluggingIsFatal?: boolean;
  /** Run the network agent of the compute host (it marks bound ports ACTIVE and tells compute). Default true. */
  networkAgent?: boolean;
  /** Fake compute hosts: `node1`, then `node1-2`...; only `node1` has a network agent. Default 1. */
  hosts?: number;
}

export interface ComputeNetworkApp {
  compute: ComputeTestApp;
  network: NetworkTestApp;
  /** The fake compute host's name (its agent, and the network agent of the same host). */
  host: string;
  /** An active public image. */
  imageId: string;
  /** The network service as the admin (what compute's agents use). */
  neutron: NetworkClient;
  /** Calls the compute API and returns the parsed body, failing unless the status is the one expected. */
  json(method: string, path: string, status: number, options?: ComputeRequest): Promise<Json>;
  /** A network with an IPv4 subnet, made by `caller` (default 'member', project one). */
  createNetwork(name: string, cidr: string, options?: { caller?: string; shared?: boolean }): Promise<string>;
  /** Creates a server as `caller` (default 'member') and waits until its status is `status` (default ACTIVE). */
  boot(server: Json, options?: ComputeRequest & { status?: string }): Promise<Json>;
  /** Waits until the server's status is `status` and returns its detail. */
  waitForStatus(id: string, status: string, options?: ComputeRequest): Promise<Json>;
  close(): Promise<void>;
}

/**
 * Compute and network in one test process, as in the all-in-one cloud: the compute API with a
 * conductor, a scheduler and one fake compute host, reaching an in-memory network service through
 * its REST API (callers are the fixed ones: 'member' and 'other' in two projects, 'admin'), and
 * the network agent of the same host (fake driver), which marks bound ports ACTIVE and sends
 * `network-vif-plugged` to the compute API.
 */
export async function computeNetworkApp(options: ComputeNetworkOptions = {}): Promise<ComputeNetworkApp> {
  const host = 'node1';
  const network = await networkTestApp();
  const clientAs = (token: string) =>
    new NetworkClient(
      new InjectTransport(network.app, '/network', { service: 'network', token: async () => token }),
    );
  const links: NetworkLinks = { asUser: clientAs, admin: clientAs('admin') };
  const compute = await computeTestApp({ network: links });
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-compute-network-'));
  const base = defaultConfig(dataDir);
  const controlPlane: RunningControlPlane = await startControlPlane({
    db: compute.db,
    bus: compute.deps.bus,
    placement: compute.deps.placement,
    images: new ImageClient(
      new InjectTransport(compute.image.app, '/image', { service: 'image', token: async () => 'admin' }),
    ),
    network: links.admin,
    logger: createLogger('silent'),
    config: {
      ...base.compute,
      host,
      fake_hosts: options.hosts ?? 1,
      vif_plugging_timeout: options.vifPluggingTimeout ?? 5,
      vif_plugging_is_fatal: options.vifPluggingIsFatal ?? true,
    },
    settings: compute.deps.settings,
    dataDir,
  });
  let agent: NetworkAgent | null = null;
  if (options.networkAgent ?? true) {
    agent = new NetworkAgent({
      host,
      driver: new FakeNetworkDriver(),
      deps: network.deps,
      changes: network.deps.changes!,
      notify: async (events) => {
        const response = await compute.request('POST', '/os-server-external-events', {
          version: '2.76',
          body: { events },
        });
        assert.ok([200, 207].includes(response.statusCode), response.body);
      },
      logger: createLogger('silent'),
      resyncIntervalMs: 60_000,
      devicePollMs: 50,
      hostBridgedPhysicalNetworks: [],
      reportIntervalSeconds: 30,
      networkNode: true,
    });
    await agent.start();
  }
  const image = await compute.image.createImage('admin', { name: 'cirros', visibility: 'public' });
  const uploaded = await compute.image.upload('admin', image.id as string, 'not really a disk');
  assert.equal(uploaded.statusCode, 204, uploaded.body);

  const json: ComputeNetworkApp['json'] = async (method, path, status, requestOptions) => {
    const response = await compute.request(method, path, requestOptions);
    assert.equal(response.statusCode, status, `${method} ${path}: ${response.body}`);
    return (response.body ? response.json() : {}) as Json;
  };
  const waitForStatus: ComputeNetworkApp['waitForStatus'] = async (id, status, requestOptions = {}) => {
    let server: Json = {};
    for (let attempt = 0; attempt < 400; attempt++) {
      server = (await json('GET', `/servers/${id}`, 200, { caller: 'admin', ...requestOptions }))
        .server as Json;
      if (server.status === status) return server;
      await sleep(10);
    }
    throw new Error(`server ${id} is ${server.status}, never ${status}: ${JSON.stringify(server.fault)}`);
  };
  return {
    compute,
    network,
    host,
    imageId: image.id as string,
    neutron: links.admin,
    json,
    async createNetwork(name, cidr, { caller = 'member', shared = false } = {}) {
      const created = await network.json('POST', '/networks', 201, {
        caller,
        body: { network: { name, ...(shared ? { shared } : {}) } },
      });
      await network.json('POST', '/subnets', 201, {
        caller,
        body: { subnet: { network_id: created.network.id, ip_version: 4, cidr, name: `${name}-subnet` } },
      });
      return created.network.id as string;
    },
    async boot(server, { status = 'ACTIVE', ...requestOptions } = {}) {
      const created = await json('POST', '/servers', 202, {
        caller: 'member',
        ...requestOptions,
        body: { server: { name: 'vm', imageRef: image.id, flavorRef: '1', ...server } },
      });
      return waitForStatus(created.server.id as string, status, { version: requestOptions.version });
    },
    waitForStatus,
    async close() {
      await agent?.stop({ teardown: true });
      await controlPlane.stop();
      await compute.close();
      await network.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
