import { randomUUID } from 'node:crypto';
import { newInstanceRow } from '../../../../helpers/instance-row.js';
import { COMPUTE_METHOD_NAMES } from '../../../../helpers/rpc-method-names.js';
import type { Kysely } from 'kysely';
import { InProcessBus, type RpcHandlers } from '../../../../../src/common/bus/index.js';
import { InjectTransport } from '../../../../../src/common/clients/http-transport.js';
import { PlacementClient } from '../../../../../src/common/clients/placement-client.js';
import { connectMemory, migrate } from '../../../../../src/common/db/index.js';
import { createLogger } from '../../../../../src/common/logging.js';
import { startConductor, type RunningConductor } from '../../../../../src/compute/conductor/index.js';
import type { ConductorSettings } from '../../../../../src/compute/conductor/conductor-deps.js';
import { computeMigrations } from '../../../../../src/compute/db/migrations/index.js';
import type { ComputeSchema } from '../../../../../src/compute/db/schema.js';
import { DEFAULT_COMPUTE_SETTINGS, type ComputeSettings } from '../../../../../src/compute/deps.js';
import { ComputeNodeRegistry } from '../../../../../src/compute/hypervisors/compute-node-registry.js';
import { InstanceActionsRepo } from '../../../../../src/compute/instances/instance-actions-repo.js';
import { InstanceRepo, type InstanceRow } from '../../../../../src/compute/instances/instance-repo.js';
import type { ComputeMethods } from '../../../../../src/compute/rpc/compute-api.js';
import type { RpcContext } from '../../../../../src/compute/rpc/context.js';
import type { StoredRequestSpec } from '../../../../../src/compute/rpc/request-spec.js';
import {
  startScheduler,
  type RunningScheduler,
  type SchedulerSettings,
} from '../../../../../src/compute/scheduler/service/index.js';
import { ServiceRegistry } from '../../../../../src/compute/services/service-registry.js';
import type { FlavorSpec } from '../../../../../src/compute/virt/types.js';
import { placementTestApp, type PlacementTestApp } from '../../../../helpers/placement-app.js';

/** What an agent was asked, as the recorder serving `compute.<host>` saw it. */
export interface AgentMessage {
  host: string;
  method: keyof ComputeMethods;
  args: Record<string, unknown> & { instanceUuid: string };
}

/** Every method of the agents' contract, so the recorder answers each. */

export interface HostSpec {
  vcpus?: number;
  memoryMb?: number;
  diskGb?: number;
  hypervisorType?: string;
  hypervisorVersion?: number;
}

export interface FakeHost {
  name: string;
  nodename: string;
  /** The compute node's uuid, which is its resource provider's. */
  uuid: string;
}

export const FLAVOR: FlavorSpec = {
  id: '1',
  name: 'm1.tiny',
  vcpus: 1,
  memoryMb: 512,
  rootGb: 1,
  ephemeralGb: 0,
  swapMb: 0,
  extraSpecs: {},
};

export const PROJECT = 'p-one';
export const USER = 'u-one';

export function contextOf(requestId: string): RpcContext {
  return { requestId, userId: USER, projectId: PROJECT, roles: ['member'], isAdmin: false };
}

/** A request spec as the API stores it for a plain boot of `flavor`. */
export function storedSpec(overrides: Partial<StoredRequestSpec> = {}): StoredRequestSpec {
  return {
    projectId: PROJECT,
    userId: USER,
    flavor: FLAVOR,
    image: { id: 'image-1', properties: {} },
    availabilityZone: null,
    instanceGroupUuid: null,
    schedulerHints: {},
    forceHosts: [],
    forceNodes: [],
    requestedDestination: null,
    numInstances: 1,
    requestedNetworks: 'none',
    securityGroups: ['default'],
    isVolumeBacked: false,
    ...overrides,
  };
}

/**
 * A compute control plane in one process for the conductor and scheduler tests: an in-memory
 * compute database, a real in-memory placement, the in-process bus, fake hosts (a service,
 * a compute node and a provider with inventory each) whose `compute.<host>` queue a recorder
 * serves, and a clock the tests move.
 */
export class FakeCloud {
  readonly bus = new InProcessBus({ onError: (error) => this.busErrors.push(error) });
  readonly busErrors: unknown[] = [];
  readonly hosts: FakeHost[] = [];
  readonly messages: AgentMessage[] = [];
  /** Per host, what its recorder does on top of recording (a failing build, say). */
  readonly behaviour = new Map<string, Partial<Record<keyof ComputeMethods, (args: never) => unknown>>>();
  clock = new Date(Date.UTC(2026, 0, 1));
  readonly now = () => new Date(this.clock);
  readonly logger = createLogger('silent');
  readonly instances: InstanceRepo;
  readonly actions: InstanceActionsRepo;
  readonly services: ServiceRegistry;
  private readonly running: { stop(): Promise<void> }[] = [];

  private constructor(
    readonly db: Kysely<ComputeSchema>,
    readonly placementApp: PlacementTestApp,
    readonly placement: PlacementClient,
  ) {
    this.instances = new InstanceRepo(db, this.now);
    this.actions = new InstanceActionsRepo(db, this.now);
    this.services = new ServiceRegistry(db);
  }

  static async create(): Promise<FakeCloud> {
    const { db } = connectMemory<ComputeSchema>();
    await migrate(db as Kysely<unknown>, 'compute', computeMigrations);
    const placementApp = await placementTestApp();
    const placement = new PlacementClient(
      new InjectTransport(placementApp.app, '/placement', {
        service: 'placement',
        token: async () => 'service',
      }),
    );
    return new FakeCloud(db, placementApp, placement);
  }

  advance(seconds: number): void {
    this.clock = new Date(this.clock.getTime() + seconds * 1000);
  }

  /** A compute host: its service (up), compute node, provider with inventory, and recorder. */
  async addHost(name: string, spec: HostSpec = {}): Promise<FakeHost> {
    await this.services.register(name, 'nova-compute', this.now());
    await this.services.heartbeat(name, 'nova-compute', this.now());
    const node = await new ComputeNodeRegistry(this.db).report(
      name,
      {
        hypervisorHostname: `${name}.node`,
        hypervisorType: spec.hypervisorType ?? 'fake',
        hypervisorVersion: spec.hypervisorVersion ?? 1000,
        hostIp: '192.0.2.1',
        vcpus: spec.vcpus ?? 4,
        vcpusUsed: 0,
        memoryMb: spec.memoryMb ?? 4096,
        memoryMbUsed: 0,
        localGb: spec.diskGb ?? 40,
        localGbUsed: 0,
        diskAvailableLeast: spec.diskGb ?? 40,
        runningVms: 0,
        cpuInfo: {
          arch: 'x86_64',
          model: 'fake',
          vendor: 'fake',
          features: [],
          topology: { sockets: 1, cores: 1, threads: 1 },
        },
        supportedInstances: [['x86_64', 'fake', 'hvm']],
      },
      this.now(),
    );
    await this.placement.ensureProvider({ uuid: node.uuid, name: node.hypervisor_hostname });
    await this.placement.setInventory(node.uuid, {
      VCPU: { total: spec.vcpus ?? 4 },
      MEMORY_MB: { total: spec.memoryMb ?? 4096 },
      DISK_GB: { total: spec.diskGb ?? 40 },
    });
    const handlers: RpcHandlers = {};
    for (const method of COMPUTE_METHOD_NAMES) {
      handlers[method] = (async (args: AgentMessage['args']) => {
        this.messages.push({ host: name, method, args });
        const extra = this.behaviour.get(name)?.[method] as ((args: unknown) => unknown) | undefined;
        return extra ? extra(args) : undefined;
      }) as RpcHandlers[string];
    }
    this.running.push(await this.bus.serve(`compute.${name}`, handlers));
    const host = { name, nodename: node.hypervisor_hostname, uuid: node.uuid };
    this.hosts.push(host);
    return host;
  }

  host(name: string): FakeHost {
    return this.hosts.find((host) => host.name === name)!;
  }

  async startScheduler(settings: Partial<SchedulerSettings> = {}): Promise<RunningScheduler> {
    const scheduler = await startScheduler({
      db: this.db,
      bus: this.bus,
      placement: this.placement,
      logger: this.logger,
      now: this.now,
      host: 'controller',
      settings: { reportInterval: 0, ...settings },
    });
    this.running.push(scheduler);
    return scheduler;
  }

  async startConductor(
    settings: Partial<ComputeSettings> = {},
    conductor: Partial<ConductorSettings> = {},
  ): Promise<RunningConductor> {
    const running = await startConductor({
      db: this.db,
      bus: this.bus,
      placement: this.placement,
      logger: this.logger,
      now: this.now,
      host: 'controller',
      settings: { ...DEFAULT_COMPUTE_SETTINGS, ...settings },
      conductor: { reportInterval: 0, ...conductor },
    });
    this.running.push(running);
    return running;
  }

  /**
   * A server as the API leaves it for the conductor: the row (BUILD/scheduling unless
   * overridden), its request spec and the action of `requestId`.
   */
  async createInstance(
    options: {
      uuid?: string;
      spec?: Partial<StoredRequestSpec>;
      row?: Partial<InstanceRow>;
      requestId?: string;
      action?: string;
    } = {},
  ): Promise<string> {
    const uuid = options.uuid ?? randomUUID();
    const spec = storedSpec(options.spec);
    const stamp = this.now().toISOString();
    await this.instances.insert([
      newInstanceRow({ projectId: spec.projectId, userId: spec.userId }, spec.flavor, {
        uuid,
        display_name: `server-${uuid.slice(0, 8)}`,
        image_ref: spec.image?.id ?? '',
        availability_zone: spec.availabilityZone,
        reservation_id: 'r-1',
        security_groups: '["default"]',
        created_at: stamp,
        ...options.row,
      }),
    ]);
    await this.db
      .insertInto('request_specs')
      .values({ instance_uuid: uuid, spec: JSON.stringify(spec) })
      .execute();
    await this.actions.start({
      instanceUuid: uuid,
      action: options.action ?? 'create',
      requestId: options.requestId ?? `req-${uuid}`,
      userId: spec.userId,
      projectId: spec.projectId,
    });
    return uuid;
  }

  /**
   * A server already running on `host`: ACTIVE on it, with its flavor claimed there in placement
   * (as a finished build leaves it).
   */
  async runningInstance(
    host: string,
    options: {
      spec?: Partial<StoredRequestSpec>;
      row?: Partial<InstanceRow>;
      requestId?: string;
      action?: string;
    } = {},
  ): Promise<string> {
    const node = this.host(host);
    const uuid = await this.createInstance({
      ...options,
      row: {
        host,
        node: node.nodename,
        launched_on: host,
        vm_state: 'active',
        task_state: null,
        power_state: 1,
        ...options.row,
      },
    });
    const flavor = storedSpec(options.spec).flavor;
    const claimed = await this.placement.claim(
      uuid,
      {
        allocations: {
          [node.uuid]: {
            resources: { VCPU: flavor.vcpus, MEMORY_MB: flavor.memoryMb, DISK_GB: flavor.rootGb },
          },
        },
      },
      { projectId: PROJECT, userId: USER, consumerGeneration: null },
    );
    if (!claimed) throw new Error(`no room on ${host} for a running instance`);
    return uuid;
  }

  /** What the consumer holds in placement, by provider uuid. */
  async allocations(consumer: string): Promise<Record<string, Record<string, number>>> {
    const { allocations } = await this.placement.getAllocations(consumer);
    return Object.fromEntries(Object.entries(allocations).map(([rp, { resources }]) => [rp, resources]));
  }

  /** The messages the agents got, by method. */
  sent(method: keyof ComputeMethods): AgentMessage[] {
    return this.messages.filter((message) => message.method === method);
  }

  async events(instanceUuid: string) {
    const [action] = await this.actions.list(instanceUuid);
    return action ? this.actions.events(action.id) : [];
  }

  async faults(instanceUuid: string) {
    return this.db
      .selectFrom('instance_faults')
      .selectAll()
      .where('instance_uuid', '=', instanceUuid)
      .orderBy('id')
      .execute();
  }

  async close(): Promise<void> {
    for (const running of this.running.reverse()) await running.stop();
    await this.bus.close();
    await this.db.destroy();
    await this.placementApp.close();
  }
}

/** Polls until `check` holds (or throws after `timeoutMs`): casts finish on their own time. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
