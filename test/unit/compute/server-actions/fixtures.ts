import { randomUUID } from 'node:crypto';
import { newInstanceRow } from '../../../helpers/instance-row.js';
import { COMPUTE_METHOD_NAMES, CONDUCTOR_METHOD_NAMES } from '../../../helpers/rpc-method-names.js';
import type { LightMyRequestResponse } from 'fastify';
import type { Listening } from '../../../../src/common/bus/index.js';
import type { NewInstanceRow } from '../../../../src/compute/instances/instance-repo.js';
import type { FlavorSpec } from '../../../../src/compute/virt/types.js';
import { computeTestApp, type ComputeRequest, type ComputeTestApp } from '../../../helpers/compute-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';

export { PROJECTS };

/** The 'member' caller of project one, who owns the servers by default. */
export const MEMBER = 'u-member';

export const TINY: FlavorSpec = {
  id: '1',
  name: 'm1.tiny',
  vcpus: 1,
  memoryMb: 512,
  rootGb: 1,
  ephemeralGb: 0,
  swapMb: 0,
  extraSpecs: {},
};
/** DevStack's flavors 1 and 2, which the compute migrations seed. */
export const SMALL: FlavorSpec = { ...TINY, id: '2', name: 'm1.small', vcpus: 1, memoryMb: 2048, rootGb: 20 };

/** A message the fake agents or conductor received. */
export interface Received {
  target: string;
  method: string;
  args: Record<string, unknown>;
}

export interface ActionsFixture {
  compute: ComputeTestApp;
  /** Everything the fake agents (`compute.host1`, `compute.host2`) and conductor received, in order. */
  received: Received[];
  /** What a call answers, by method (the console calls); a function may throw. */
  replies: Record<string, (args: Record<string, unknown>) => unknown>;
  /** Inserts a server row (project one, on host1, active) with the given columns; returns its uuid. */
  server(overrides?: Partial<NewInstanceRow>): Promise<string>;
  /** The server's row now. */
  row(uuid: string): Promise<Record<string, unknown>>;
  /** A compute service and node on `host`, up unless told otherwise. */
  computeHost(host: string, up?: boolean): Promise<void>;
  /** Posts `body` to the server's action route. */
  action(uuid: string, body: unknown, options?: ComputeRequest): Promise<LightMyRequestResponse>;
  /** Waits until a message for `method` arrived and returns it. */
  next(method: string): Promise<Received>;
  close(): Promise<void>;
}

export async function actionsFixture(): Promise<ActionsFixture> {
  const compute = await computeTestApp();
  const received: Received[] = [];
  const replies: ActionsFixture['replies'] = {
    get_console_output: () => 'line one\nline two\x07\n',
    get_vnc_console: () => ({ host: '127.0.0.1', port: 5900 }),
  };
  const serve = (target: string, methods: string[]): Promise<Listening> =>
    compute.deps.bus.serve(
      target,
      Object.fromEntries(
        methods.map((method) => [
          method,
          (args: Record<string, unknown>) => {
            received.push({ target, method, args });
            return replies[method]?.(args) ?? null;
          },
        ]),
      ),
    );
  const listening = await Promise.all([
    serve('compute.host1', COMPUTE_METHOD_NAMES),
    serve('compute.host2', COMPUTE_METHOD_NAMES),
    serve('conductor', CONDUCTOR_METHOD_NAMES),
  ]);
  const db = compute.db;
  const now = new Date().toISOString();

  const fixture: ActionsFixture = {
    compute,
    received,
    replies,
    async server(overrides = {}) {
      const uuid = overrides.uuid ?? randomUUID();
      const flavor = overrides.flavor ? (JSON.parse(overrides.flavor) as FlavorSpec) : TINY;
      const imageRef = overrides.image_ref ?? randomUUID();
      await db
        .insertInto('instances')
        .values(
          newInstanceRow({ projectId: PROJECTS.one, userId: MEMBER }, flavor, {
            uuid,
            display_name: 'vm',
            image_ref: imageRef,
            host: 'host1',
            node: 'host1',
            launched_on: 'host1',
            vm_state: 'active',
            task_state: null,
            power_state: 1,
            hostname: 'vm',
            root_device_name: '/dev/vda',
            system_metadata: JSON.stringify({
              image_min_ram: '0',
              image_min_disk: String(flavor.rootGb),
              image_disk_format: 'qcow2',
              image_container_format: 'bare',
              image_hw_disk_bus: 'virtio',
              image_base_image_ref: imageRef,
              owner_project_name: 'one',
            }),
            security_groups: JSON.stringify(['default']),
            created_at: now,
            scheduled_at: now,
            launched_at: now,
            ...overrides,
          }),
        )
        .execute();
      return uuid;
    },
    async row(uuid) {
      return db.selectFrom('instances').selectAll().where('uuid', '=', uuid).executeTakeFirstOrThrow();
    },
    async computeHost(host, up = true) {
      const seen = up ? new Date().toISOString() : '2000-01-01T00:00:00.000Z';
      await db
        .insertInto('services')
        .values({
          uuid: randomUUID(),
          host,
          binary: 'nova-compute',
          topic: 'compute',
          report_count: 1,
          disabled: 0,
          disabled_reason: null,
          forced_down: 0,
          last_seen_up: seen,
          created_at: seen,
          updated_at: null,
        })
        .execute();
      await db
        .insertInto('compute_nodes')
        .values({
          uuid: randomUUID(),
          service_id: null,
          host,
          hypervisor_hostname: host,
          hypervisor_type: 'fake',
          hypervisor_version: 1,
          vcpus: 8,
          memory_mb: 8192,
          local_gb: 100,
          vcpus_used: 0,
          memory_mb_used: 0,
          local_gb_used: 0,
          disk_available_least: null,
          running_vms: 0,
          cpu_info: '{}',
          host_ip: null,
          created_at: seen,
          updated_at: null,
        })
        .execute();
    },
    action(uuid, body, options = {}) {
      return compute.request('POST', `/servers/${uuid}/action`, { caller: 'member', ...options, body });
    },
    async next(method) {
      for (let turn = 0; turn < 50; turn++) {
        const found = received.find((message) => message.method === method);
        if (found) return found;
        await new Promise((resolve) => setImmediate(resolve));
      }
      throw new Error(`no ${method} received; got ${received.map((message) => message.method).join(', ')}`);
    },
    async close() {
      await Promise.all(listening.map((server) => server.stop()));
      await compute.close();
    },
  };
  await fixture.computeHost('host1');
  // Many servers of project one live in one fixture: no quota gets in the way unless a test sets one.
  await db
    .insertInto('quotas')
    .values(
      ['instances', 'cores', 'ram'].map((resource) => ({
        project_id: PROJECTS.one,
        user_id: null,
        resource,
        hard_limit: -1,
      })),
    )
    .execute();
  return fixture;
}

/** The message of a Nova error body (`{"<fault>": {"code", "message"}}`). */
export function faultMessage(response: LightMyRequestResponse): string {
  const body = response.json() as Record<string, { message: string }>;
  return Object.values(body)[0].message;
}
