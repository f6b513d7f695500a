import { setTimeout as sleep } from 'node:timers/promises';
import { userToken } from '../cloud-process.js';
import { gatewayRequest, type GatewayApi, type Json } from '../gateway-api.js';
import type { BootTimes } from './bare-boot.js';
import { dhcpDiscovers } from './dhcp-discovers.js';
import { waitForSsh } from './ssh-probe.js';

/** The demo user's view of the cloud's REST APIs (the catalog's paths on the gateway). */
export class DemoApi implements GatewayApi {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  static async login(base: string, password: string): Promise<DemoApi> {
    return new DemoApi(base, await userToken(base, 'demo', password));
  }

  /** One request; `missing` is returned for a 404 instead of an error. */
  send(method: string, path: string, body?: unknown, missing?: Json): Promise<Json> {
    return gatewayRequest(
      { base: this.base, token: this.token, apiVersion: 'compute 2.79' },
      method,
      path,
      body,
      missing,
    );
  }
}

/** What every cloud boot uses: the demo's image, flavor, network, key pair and the public network. */
export interface CloudBootSpec {
  imageId: string;
  flavorId: string;
  privateNetworkId: string;
  publicNetworkId: string;
  keyName: string;
  keyFile: string;
  timeoutMs: number;
}

/** A cloud boot's times: to ACTIVE, to the SSH banner and to `ssh true`, from `POST /servers`. */
export interface CloudBootTimes extends BootTimes {
  activeSeconds: number;
  /** Making the port and its floating IP beforehand (not in the other figures). */
  prepareSeconds: number;
}

/**
 * One server booted through the cloud, as the demo user, timed from `POST /servers` to `ssh true`
 * through its floating IP. The port on `private` and its floating IP are made just before, so the
 * address SSH is tried on is known when the clock starts and the NAT to it is in place: the probe
 * does not wait for the server's port to appear to associate an address, which would add the
 * harness's polling to the cloud's figure. The server has a config drive, as the bare guest does,
 * so both guests do the same work at boot.
 *
 * The server and its floating IP are deleted afterwards, the port is kept (the cloud's teardown
 * takes it): our IPAM hands out the lowest free address, so a new port would get the address of
 * the guest just deleted, and the router, still holding that guest's MAC for it in its neighbour
 * table, would send the new guest's SSH traffic nowhere for up to half a minute. Neutron picks
 * addresses at random, which makes that rare; here each round gets an address never used before.
 */
export async function cloudBoot(api: DemoApi, spec: CloudBootSpec, name: string): Promise<CloudBootTimes> {
  const prepared = performance.now();
  const { port } = await api.send('POST', '/network/v2.0/ports', {
    port: { network_id: spec.privateNetworkId, name },
  });
  const portId = String((port as Json).id);
  let serverId: string | undefined;
  let floatingIpId: string | undefined;
  try {
    const { floatingip } = await api.send('POST', '/network/v2.0/floatingips', {
      floatingip: { floating_network_id: spec.publicNetworkId, port_id: portId },
    });
    floatingIpId = String((floatingip as Json).id);
    const address = String((floatingip as Json).floating_ip_address);

    const started = performance.now();
    const { server } = await api.send('POST', '/compute/v2.1/servers', {
      server: {
        name,
        imageRef: spec.imageId,
        flavorRef: spec.flavorId,
        key_name: spec.keyName,
        config_drive: true,
        networks: [{ port: portId }],
      },
    });
    serverId = String((server as Json).id);
    // A server in ERROR stops the SSH probe too.
    const failed = new AbortController();
    const target = { host: address, port: 22 };
    const [activeAt, ready] = await Promise.all([
      whenActive(api, serverId, started + spec.timeoutMs).catch((error: unknown) => {
        failed.abort();
        throw error;
      }),
      waitForSsh(target, spec.keyFile, spec.timeoutMs, failed.signal),
    ]);
    return {
      prepareSeconds: (started - prepared) / 1000,
      activeSeconds: (activeAt - started) / 1000,
      bannerSeconds: (ready.bannerAt - started) / 1000,
      sshSeconds: (ready.sshAt - started) / 1000,
      dhcpDiscovers: await dhcpDiscovers(target, spec.keyFile),
    };
  } finally {
    if (serverId) await deleteServer(api, serverId);
    if (floatingIpId) await api.send('DELETE', `/network/v2.0/floatingips/${floatingIpId}`, undefined, {});
  }
}

/** When the server was first seen ACTIVE, polled every 200 ms (a status read costs the cloud little). */
async function whenActive(api: DemoApi, serverId: string, deadline: number): Promise<number> {
  for (;;) {
    const { server } = await api.send('GET', `/compute/v2.1/servers/${serverId}`);
    const status = (server as Json).status;
    if (status === 'ACTIVE') return performance.now();
    if (status === 'ERROR') throw new Error(`server ${serverId} went to ERROR: ${JSON.stringify(server)}`);
    if (performance.now() > deadline) throw new Error(`server ${serverId} is still ${String(status)}`);
    await sleep(200);
  }
}

async function deleteServer(api: DemoApi, serverId: string): Promise<void> {
  await api.send('DELETE', `/compute/v2.1/servers/${serverId}`, undefined, {});
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    const gone = await api.send('GET', `/compute/v2.1/servers/${serverId}`, undefined, { gone: true });
    if (gone.gone) return;
    await sleep(250);
  }
  throw new Error(`server ${serverId} was not deleted`);
}
