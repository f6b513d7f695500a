import { randomUUID } from 'node:crypto';
import { newInstanceRow } from '../../../helpers/instance-row.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { InProcessBus } from '../../../../src/common/bus/index.js';
import { InjectTransport } from '../../../../src/common/clients/http-transport.js';
import { ImageClient } from '../../../../src/common/clients/image-client.js';
import { PlacementClient } from '../../../../src/common/clients/placement-client.js';
import type { Resources } from '../../../../src/common/clients/placement-types.js';
import { connectMemory, migrate } from '../../../../src/common/db/index.js';
import { createLogger } from '../../../../src/common/logging.js';
import type { ComputeAgent } from '../../../../src/compute/agent/compute-agent.js';
import type { ComputeMethods } from '../../../../src/compute/rpc/compute-api.js';
import type { AgentTiming } from '../../../../src/compute/agent/agent-settings.js';
import { startComputeAgent } from '../../../../src/compute/agent/compute-agent.js';
import { computeMigrations } from '../../../../src/compute/db/migrations/index.js';
import type { ComputeSchema } from '../../../../src/compute/db/schema.js';
import { InstanceActionsRepo } from '../../../../src/compute/instances/instance-actions-repo.js';
import {
  InstanceRepo,
  type InstanceRow,
  type NewInstanceRow,
} from '../../../../src/compute/instances/instance-repo.js';
import type { RpcContext } from '../../../../src/compute/rpc/context.js';
import { FakeDriver } from '../../../../src/compute/virt/fake/fake-driver.js';
import type { FakeDriverOptions } from '../../../../src/compute/virt/fake/fake-options.js';
import type { FlavorSpec } from '../../../../src/compute/virt/types.js';
import { imageTestApp, type ImageTestApp } from '../../../helpers/image-app.js';
import { placementTestApp, type PlacementTestApp } from '../../../helpers/placement-app.js';

export const PROJECT = 'b1111111111111111111111111111111';
export const USER = 'u-member';

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

/** The default flavor m1.medium, as the flavors table has it. */
export const MEDIUM: FlavorSpec = {
  ...TINY,
  id: '3',
  name: 'm1.medium',
  vcpus: 2,
  memoryMb: 4096,
  rootGb: 40,
};

export const resourcesOf = (flavor: FlavorSpec): Resources => ({
  VCPU: flavor.vcpus,
  MEMORY_MB: flavor.memoryMb,
  DISK_GB: flavor.rootGb,
});

/** Short periods so tests never wait long; the power sync and audits are run by hand. */
export const FAST_TIMING: Partial<AgentTiming> = {
  heartbeatIntervalMs: 20,
  resourceAuditIntervalMs: 3_600_000,
  powerSyncIntervalMs: 3_600_000,
  usageRefreshDelayMs: 5,
  shutdownTimeoutMs: 1_000,
};

/** A request the test pretends the API made: its action and the context that travels with it. */
export interface Request {
  context: RpcContext;
}

/**
 * A compute database, an in-process bus, real in-memory placement and image services, and fake
 * hosts: what the agent runs against in the all-in-one, less the API and the conductor, whose
 * part the tests play (a recording conductor answers `conductor`).
 */
export class AgentHarness {
  readonly db: Kysely<ComputeSchema>;
  readonly bus = new InProcessBus({ onError: (error) => this.busErrors.push(error) });
  readonly busErrors: unknown[] = [];
  readonly instances: InstanceRepo;
  readonly actions: InstanceActionsRepo;
  readonly drivers = new Map<string, FakeDriver>();
  readonly agents = new Map<string, ComputeAgent>();
  /** What the agents sent the conductor. */
  readonly conductorCasts: { method: string; args: Record<string, unknown> }[] = [];
  placementClient!: PlacementClient;
  images!: ImageClient;

  private constructor(
    readonly placement: PlacementTestApp,
    readonly image: ImageTestApp,
  ) {
    this.db = connectMemory<ComputeSchema>().db;
    this.instances = new InstanceRepo(this.db, () => new Date());
    this.actions = new InstanceActionsRepo(this.db, () => new Date());
  }

  static async create(): Promise<AgentHarness> {
    const harness = new AgentHarness(await placementTestApp(), await imageTestApp());
    await migrate(harness.db as Kysely<unknown>, 'compute', computeMigrations);
    harness.placementClient = new PlacementClient(
      new InjectTransport(harness.placement.app, '/placement', {
        service: 'placement',
        token: async () => 'service',
      }),
    );
    // The services' user is an admin of the service project in a deployment.
    harness.images = new ImageClient(
      new InjectTransport(harness.image.app, '/image', { service: 'image', token: async () => 'admin' }),
    );
    const record = (method: string) => (args: Record<string, unknown>) => {
      harness.conductorCasts.push({ method, args });
    };
    await harness.bus.serve('conductor', {
      reschedule_instance: record('reschedule_instance'),
      build_instances: record('build_instances'),
    });
    return harness;
  }

  /** Starts the agent of `host` on its fake driver (kept across restarts, as a host's guests are). */
  async start(
    host: string,
    options: { driver?: FakeDriverOptions; timing?: Partial<AgentTiming> } = {},
  ): Promise<ComputeAgent> {
    let driver = this.drivers.get(host);
    if (!driver) {
      driver = new FakeDriver(options.driver);
      this.drivers.set(host, driver);
    }
    const agent = await startComputeAgent({
      host,
      driver,
      db: this.db,
      bus: this.bus,
      placement: this.placementClient,
      images: this.images,
      logger: createLogger('silent'),
      timing: { ...FAST_TIMING, ...options.timing },
    });
    this.agents.set(host, agent);
    return agent;
  }

  driver(host: string): FakeDriver {
    return this.drivers.get(host)!;
  }

  nodeUuid(host: string): string {
    return this.agents.get(host)!.nodeUuid;
  }

  /** An instance row as the API writes it at create: BUILD, scheduling, no host. */
  async createInstance(
    overrides: Partial<NewInstanceRow> = {},
    flavor: FlavorSpec = TINY,
  ): Promise<InstanceRow> {
    const row = newInstanceRow({ projectId: PROJECT, userId: USER }, flavor, {
      image_ref: 'c0ffee00-0000-4000-8000-000000000001',
      system_metadata: JSON.stringify({ image_disk_format: 'raw', image_container_format: 'bare' }),
      ...overrides,
    });
    const uuid = row.uuid;
    await this.instances.insert([row]);
    return (await this.instances.get(uuid))!;
  }

  /** Starts an instance action as the API would, and returns the request's context. */
  async request(instanceUuid: string, action: string): Promise<Request> {
    const context: RpcContext = {
      requestId: `req-${randomUUID()}`,
      userId: USER,
      projectId: PROJECT,
      roles: ['member'],
      isAdmin: false,
    };
    await this.actions.start({
      instanceUuid,
      action,
      requestId: context.requestId,
      userId: USER,
      projectId: PROJECT,
    });
    return { context };
  }

  /** Claims `resources` on `host`'s provider for `consumer`, as the conductor does. */
  async claim(consumer: string, host: string, resources: Resources = resourcesOf(TINY)): Promise<void> {
    const made = await this.placementClient.claim(
      consumer,
      { allocations: { [this.nodeUuid(host)]: { resources } } },
      { projectId: PROJECT, userId: USER, consumerGeneration: null },
    );
    if (!made) throw new Error(`claim of ${consumer} on ${host} refused`);
  }

  /** The consumer's allocations by provider. */
  async allocations(consumer: string): Promise<Record<string, Resources>> {
    const { allocations } = await this.placementClient.getAllocations(consumer);
    return Object.fromEntries(
      Object.entries(allocations).map(([provider, { resources }]) => [provider, resources]),
    );
  }

  cast<K extends keyof ComputeMethods & string>(
    host: string,
    method: K,
    args: Parameters<ComputeMethods[K]>[0],
  ) {
    return this.bus.cast(`compute.${host}`, method, args as object);
  }

  call<K extends keyof ComputeMethods & string>(
    host: string,
    method: K,
    args: Parameters<ComputeMethods[K]>[0],
  ) {
    return this.bus.call(`compute.${host}`, method, args as object);
  }

  /** Sets instance columns directly, as the API does before it casts an action. */
  async set(uuid: string, changes: Parameters<InstanceRepo['save']>[1]): Promise<void> {
    await this.instances.save(uuid, changes);
  }

  /** Waits until the instance row satisfies `done` (deleted rows included). */
  async waitFor(
    uuid: string,
    done: (row: InstanceRow) => boolean,
    what = 'the instance',
  ): Promise<InstanceRow> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const row = await this.instances.get(uuid, { readDeleted: true });
      if (done(row)) return row;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}: vm_state ${row.vm_state}, task_state ${row.task_state}`,
        );
      await sleep(5);
    }
  }

  /** Waits for the instance to have no task in vm_state `vmState`. */
  settled(uuid: string, vmState: string): Promise<InstanceRow> {
    return this.waitFor(
      uuid,
      (row) => row.vm_state === vmState && row.task_state === null,
      `${vmState} and no task`,
    );
  }

  async faults(uuid: string) {
    return this.db
      .selectFrom('instance_faults')
      .selectAll()
      .where('instance_uuid', '=', uuid)
      .orderBy('id')
      .execute();
  }

  async events(uuid: string) {
    return this.db
      .selectFrom('instance_action_events')
      .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
      .select(['instance_actions.action', 'event', 'result', 'instance_action_events.host'])
      .where('instance_actions.instance_uuid', '=', uuid)
      .orderBy('instance_action_events.id')
      .execute();
  }

  /** Builds an instance on `host` to ACTIVE, as conductor and agent together do. */
  async activeInstance(host: string, flavor: FlavorSpec = TINY): Promise<InstanceRow> {
    const row = await this.createInstance({}, flavor);
    await this.claim(row.uuid, host, resourcesOf(flavor));
    const { context } = await this.request(row.uuid, 'create');
    await this.cast(host, 'build_and_run_instance', {
      context,
      instanceUuid: row.uuid,
      adminPassword: null,
      alternates: [],
    });
    return this.settled(row.uuid, 'active');
  }

  async close(): Promise<void> {
    for (const agent of this.agents.values()) await agent.stop({ timeoutMs: 0 });
    await this.bus.close();
    await this.db.destroy();
    await this.image.close();
    await this.placement.close();
  }
}

/** Waits until `check` holds, checking every few milliseconds for up to 5 s. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what = 'the condition',
): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
