import assert from 'node:assert/strict';
import type { Listening } from '../../../../src/common/bus/index.js';
import type { InstanceVif } from '../../../../src/compute/db/schema.js';
import { CONDUCTOR_TOPIC } from '../../../../src/compute/rpc/conductor-api.js';
import { computeTestApp, type ComputeRequest, type ComputeTestApp } from '../../../helpers/compute-app.js';

export type Response = Awaited<ReturnType<ComputeTestApp['request']>>;

/** The message of a Nova error body. */
export const message = (response: Response) =>
  Object.values(response.json() as Record<string, { message: string }>)[0].message;

/** The network info of a server with one port on `private`, holding `ips`. */
export function networkInfo(mac: string, ips: InstanceVif['ips']): string {
  const vif: InstanceVif = {
    portId: 'p',
    macAddress: mac,
    networkId: 'n',
    networkLabel: 'private',
    ips,
    tag: null,
  };
  return JSON.stringify([vif]);
}

export interface ServersFixture {
  compute: ComputeTestApp;
  /** An active public image, uploaded by the admin. */
  imageId: string;
  /** m1.tiny: 1 vCPU, 512 MB, 1 GB. */
  flavorId: string;
  /** POST /servers with `server` merged over a minimal valid body. */
  create(server?: Record<string, unknown>, options?: ComputeRequest & { hints?: object }): Promise<Response>;
  /** The casts the conductor received. */
  conductorCasts: { method: string; args: Record<string, unknown> }[];
  close(): Promise<void>;
}

export async function serversFixture(): Promise<ServersFixture> {
  const compute = await computeTestApp();
  const image = await compute.image.createImage('admin', { name: 'cirros', visibility: 'public' });
  const imageId = image.id as string;
  const uploaded = await compute.image.upload('admin', imageId, 'not really a disk');
  assert.equal(uploaded.statusCode, 204, uploaded.body);
  const conductorCasts: ServersFixture['conductorCasts'] = [];
  const listening: Listening = await compute.deps.bus.serve(CONDUCTOR_TOPIC, {
    build_instances: (args: never) => void conductorCasts.push({ method: 'build_instances', args }),
  });
  return {
    compute,
    imageId,
    flavorId: '1',
    conductorCasts,
    create(server = {}, options = {}) {
      const { hints, ...rest } = options;
      return compute.request('POST', '/servers', {
        caller: 'member',
        ...rest,
        body: {
          server: { name: 'web', imageRef: imageId, flavorRef: '1', ...server },
          ...(hints ? { 'os:scheduler_hints': hints } : {}),
        },
      });
    },
    async close() {
      await listening.stop();
      await compute.close();
    },
  };
}
