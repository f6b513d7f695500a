import pLimit from 'p-limit';
import { COMPUTE_TOPIC, type ComputeMethods } from '../rpc/compute-api.js';
import { serveRpc } from '../../common/bus/index.js';
import { ServiceRegistry } from '../services/service-registry.js';
import { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import {
  DEFAULT_AGENT_SETTINGS,
  DEFAULT_AGENT_TIMING,
  type AgentTiming,
  type ComputeAgentDeps,
} from './agent-settings.js';
import { buildAndRunInstance, type BuildSlots } from './build.js';
import { getConsoleOutput, getVncConsole } from './consoles.js';
import { getDiagnostics, getHostUptime } from './diagnostics.js';
import { externalInstanceEvent } from './instance-events.js';
import { attachInterface, detachInterface } from './interfaces.js';
import { AgentStopped, Lifecycle } from './lifecycle.js';
import {
  liveMigration,
  postLiveMigrationAtDestination,
  preLiveMigration,
  rollbackLiveMigrationAtDestination,
} from './live-migration.js';
import { PeriodicTasks } from './periodic-tasks.js';
import {
  pauseInstance,
  rebootInstance,
  rescueInstance,
  restoreInstance,
  resumeInstance,
  startInstance,
  stopInstance,
  suspendInstance,
  unpauseInstance,
  unrescueInstance,
} from './power-actions.js';
import { syncPowerStates } from './power-sync.js';
import { rebuildInstance } from './rebuild.js';
import { recoverInstances } from './recovery.js';
import {
  confirmResize,
  finishResize,
  finishRevertResize,
  prepResize,
  resizeInstance,
  revertResize,
} from './resize.js';
import { ResourceTracker } from './resource-tracker.js';
import { shelveInstance, shelveOffloadInstance, unshelveInstance } from './shelve.js';
import { backupInstance, snapshotInstance } from './snapshot.js';
import { terminateInstance } from './terminate.js';
import { attachVolume, detachVolume, reserveBlockDeviceName } from './volumes.js';

/** A running compute agent (Nova's nova-compute service on one host). */
export interface ComputeAgent {
  readonly host: string;
  /** The compute node's uuid, which is also its resource provider's in placement. */
  readonly nodeUuid: string;
  /** Runs the resource audit now instead of at its next interval. */
  auditResources(): Promise<void>;
  /** Runs the power state sync now instead of at its next interval. */
  syncPowerStates(): Promise<void>;
  /**
   * Stops taking messages and periodic work, waits up to `timeoutMs` (the timing's
   * `shutdownTimeoutMs` by default) for operations under way, and cuts off what still runs:
   * it will touch nothing more, and the next start recovers it.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * The handlers the agent serves. Casts run as work under way (which a stop waits for) and never
 * throw: an operation records its failure on the instance. Work cut off by a stop ends quietly.
 */
function agentMethods(ctx: AgentContext, slots: BuildSlots) {
  const cast =
    <A>(handler: (ctx: AgentContext, args: A) => Promise<unknown>) =>
    async (args: A): Promise<void> => {
      try {
        await ctx.lifecycle.track(() => handler(ctx, args));
      } catch (error) {
        if (!(error instanceof AgentStopped)) ctx.logFailure(error, 'handling a message');
      }
    };
  const call =
    <A, R>(handler: (ctx: AgentContext, args: A) => Promise<R>) =>
    (args: A): Promise<R> =>
      ctx.lifecycle.track(() => handler(ctx, args));
  return {
    build_and_run_instance: cast((c, args: ArgsOf<'build_and_run_instance'>) =>
      buildAndRunInstance(c, slots, args),
    ),
    terminate_instance: cast(terminateInstance),
    reboot_instance: cast(rebootInstance),
    stop_instance: cast(stopInstance),
    start_instance: cast(startInstance),
    pause_instance: cast(pauseInstance),
    unpause_instance: cast(unpauseInstance),
    suspend_instance: cast(suspendInstance),
    resume_instance: cast(resumeInstance),
    rescue_instance: cast(rescueInstance),
    unrescue_instance: cast(unrescueInstance),
    snapshot_instance: cast(snapshotInstance),
    backup_instance: cast(backupInstance),
    restore_instance: cast(restoreInstance),
    rebuild_instance: cast(rebuildInstance),
    prep_resize: cast(prepResize),
    resize_instance: cast(resizeInstance),
    finish_resize: cast(finishResize),
    confirm_resize: cast(confirmResize),
    revert_resize: cast(revertResize),
    finish_revert_resize: cast(finishRevertResize),
    live_migration: cast(liveMigration),
    pre_live_migration: call(preLiveMigration),
    // A call between agents (the source waits for the destination), a cast for anyone else.
    post_live_migration_at_destination: call(postLiveMigrationAtDestination) as (
      args: ArgsOf<'post_live_migration_at_destination'>,
    ) => Promise<void>,
    rollback_live_migration_at_destination: cast(rollbackLiveMigrationAtDestination),
    shelve_instance: cast(shelveInstance),
    shelve_offload_instance: cast(shelveOffloadInstance),
    unshelve_instance: cast(unshelveInstance),
    get_console_output: call(getConsoleOutput),
    get_vnc_console: call(getVncConsole),
    get_diagnostics: call(getDiagnostics),
    get_host_uptime: call(getHostUptime),
    external_instance_event: cast(externalInstanceEvent),
    attach_interface: call(attachInterface),
    detach_interface: cast(detachInterface),
    reserve_block_device_name: call(reserveBlockDeviceName),
    attach_volume: cast(attachVolume),
    detach_volume: cast(detachVolume),
  } satisfies ComputeMethods;
}

/**
 * Starts the compute service of one host (Nova's `ComputeManager.init_host` and its periodic
 * tasks): the driver comes up, the nova-compute service registers and heartbeats, the host is
 * reported to the compute node record and placement, what the last run left under way is
 * recovered, and then `compute.<host>` is served.
 */
export async function startComputeAgent(deps: ComputeAgentDeps): Promise<ComputeAgent> {
  const timing: AgentTiming = { ...DEFAULT_AGENT_TIMING, ...deps.timing };
  const lifecycle = new Lifecycle(deps.host);
  const ctx = new AgentContext(deps, { ...DEFAULT_AGENT_SETTINGS, ...deps.settings }, lifecycle);
  const services = lifecycle.guard(new ServiceRegistry(deps.db));
  const tracker = new ResourceTracker(ctx);
  const periodic = new PeriodicTasks(lifecycle, deps.logger);
  const heartbeat = () => services.heartbeat(deps.host, 'nova-compute', ctx.now());

  await ctx.driver.init(deps.host);
  await services.register(deps.host, 'nova-compute', ctx.now());
  await heartbeat();
  await tracker.audit();
  ctx.usageChanged = () =>
    periodic.soon(timing.usageRefreshDelayMs, 'usage refresh', () => tracker.refreshUsage());
  await recoverInstances(ctx);

  const limit = pLimit(ctx.settings.maxConcurrentBuilds);
  const slots: BuildSlots = (work) => limit(work);
  const listening = await serveRpc(deps.bus, `${COMPUTE_TOPIC}.${deps.host}`, agentMethods(ctx, slots));
  periodic.every(timing.heartbeatIntervalMs, 'heartbeat', heartbeat);
  periodic.every(timing.resourceAuditIntervalMs, 'resource audit', () => tracker.audit());
  periodic.every(timing.powerSyncIntervalMs, 'power state sync', () => syncPowerStates(ctx));
  deps.logger.info({ host: deps.host, node: ctx.nodename }, 'compute agent started');

  return {
    host: deps.host,
    nodeUuid: ctx.node!.uuid,
    auditResources: () => lifecycle.track(() => tracker.audit()),
    syncPowerStates: () => lifecycle.track(() => syncPowerStates(ctx)),
    async stop(options = {}) {
      periodic.stop();
      // Taking no more messages is immediate; the handlers under way are waited for below.
      const stopped = listening.stop();
      await lifecycle.stop(options.timeoutMs ?? timing.shutdownTimeoutMs);
      void stopped.catch(() => {});
      deps.logger.info({ host: deps.host }, 'compute agent stopped');
    },
  };
}
