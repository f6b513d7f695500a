import type { InstanceVif } from '../db/schema.js';
import type { InstanceDiagnostics } from '../virt/types.js';
import type { RpcContext } from './context.js';
import type { RequestedNetwork } from './request-spec.js';

/** The compute agents' topic; one agent serves `compute.<host>`. */
export const COMPUTE_TOPIC = 'compute';

/**
 * A host chosen for a server, with the allocation request claimed (or to claim, for an
 * alternate) in placement: the scheduler's Selection as it travels.
 */
export interface Destination {
  host: string;
  nodename: string;
  providerUuid: string;
  /** Placement's allocation request: `{allocations: {rp_uuid: {resources}}}`. */
  allocationRequest: { allocations: Record<string, { resources: Record<string, number> }> };
}

/**
 * An event another service reports about an instance (Nova's InstanceExternalEvent), e.g.
 * Neutron's `network-vif-plugged` with the port id as its tag.
 */
export interface ExternalEvent {
  instanceUuid: string;
  /** `network-changed`, `network-vif-plugged`, `volume-extended`, `power-update`... */
  name: string;
  /** `completed`, `failed` or `in-progress`. */
  status: string;
  /** What the event is about: a port id, a volume id, or the power state for `power-update`. */
  tag: string | null;
}

interface InstanceArgs {
  context: RpcContext;
  instanceUuid: string;
}

/**
 * What a compute agent does for the API and the conductor (Nova's ComputeAPI rpcapi). Casts,
 * except the `get_*` and `pre_live_migration` calls that return a value. Each handler loads the
 * instance, records its instance-action event (`compute_<method>`), drives the virt driver, and
 * saves vm_state/task_state/power_state as Nova's ComputeManager does; on failure it records the
 * fault, sets the state Nova sets (ERROR for builds and most failures, back to the old vm_state
 * with no task for power operations a hypervisor refused), and gives back claims it held.
 */
export interface ComputeMethods {
  build_and_run_instance(
    args: InstanceArgs & { adminPassword: string | null; alternates: Destination[] },
  ): void;
  /** Delete: destroy the guest, free the claim, mark the row deleted (DELETED). */
  terminate_instance(args: InstanceArgs): void;
  reboot_instance(args: InstanceArgs & { rebootType: 'SOFT' | 'HARD' }): void;
  stop_instance(args: InstanceArgs & { cleanShutdown: boolean }): void;
  start_instance(args: InstanceArgs): void;
  pause_instance(args: InstanceArgs): void;
  unpause_instance(args: InstanceArgs): void;
  suspend_instance(args: InstanceArgs): void;
  resume_instance(args: InstanceArgs): void;
  rescue_instance(
    args: InstanceArgs & { rescueImageRef: string | null; rescuePassword: string | null },
  ): void;
  unrescue_instance(args: InstanceArgs): void;
  /** createImage: the API created the image record (queued); the agent uploads the snapshot into it. */
  snapshot_instance(args: InstanceArgs & { imageId: string }): void;
  /**
   * createBackup: like `snapshot_instance` into `imageId`, then the oldest backups of the server
   * with the same `backupType` beyond `rotation` are deleted.
   */
  backup_instance(args: InstanceArgs & { imageId: string; backupType: string; rotation: number }): void;
  /** restore of a SOFT_DELETED server that has a host: power it on again (ACTIVE, no task). */
  restore_instance(args: InstanceArgs): void;
  /** Rebuild on the same host with `imageRef` (the current one for a rebuild without change). */
  rebuild_instance(
    args: InstanceArgs & {
      imageRef: string;
      adminPassword: string | null;
      preserveEphemeral: boolean;
      /** Set for an evacuation: the instance comes from a failed host and this one holds the claim. */
      evacuatedFrom: string | null;
    },
  ): void;
  /** On the destination: claims there are made; starts the resize by asking the source. */
  prep_resize(args: InstanceArgs & { migrationUuid: string; destination: Destination }): void;
  /** On the source: powers off and sends the disks, then casts `finish_resize` to the destination. */
  resize_instance(args: InstanceArgs & { migrationUuid: string }): void;
  /** On the destination: builds the guest with the new flavor; the server goes VERIFY_RESIZE. */
  finish_resize(args: InstanceArgs & { migrationUuid: string }): void;
  /** On the source: the user confirmed; drop the old guest and the source allocation. */
  confirm_resize(args: InstanceArgs & { migrationUuid: string }): void;
  /** On the destination: the user reverted; destroy the new guest, then `finish_revert_resize` on the source. */
  revert_resize(args: InstanceArgs & { migrationUuid: string }): void;
  /** On the source: bring the old guest back with the old flavor and allocation. */
  finish_revert_resize(args: InstanceArgs & { migrationUuid: string }): void;
  /** On the source: live-migrates to `destination` (calling `pre_live_migration` there first). */
  live_migration(
    args: InstanceArgs & { migrationUuid: string; destination: Destination; blockMigration: boolean },
  ): void;
  /** On the destination, a call: prepares to receive the guest. */
  pre_live_migration(args: InstanceArgs & { migrationUuid: string }): Promise<Record<string, unknown>>;
  /** On the destination: the guest has arrived; it takes over. */
  post_live_migration_at_destination(args: InstanceArgs & { migrationUuid: string }): void;
  /** On the destination, after a failed live migration: what `pre_live_migration` prepared goes. */
  rollback_live_migration_at_destination(args: InstanceArgs & { migrationUuid: string }): void;
  /** Shelve: snapshot into `imageId` (null for a volume-backed server), power off, then offload unless kept. */
  shelve_instance(args: InstanceArgs & { imageId: string | null; offload: boolean }): void;
  /** Remove a shelved server from its host and free its claim (SHELVED_OFFLOADED). */
  shelve_offload_instance(args: InstanceArgs): void;
  /** On the host the conductor chose (its claim made): spawn from the shelved image. */
  unshelve_instance(args: InstanceArgs & { destination: Destination }): void;
  /** A call: the last `tailLength` lines of the serial console (all when null). */
  get_console_output(args: InstanceArgs & { tailLength: number | null }): Promise<string>;
  /** A call: where the guest's VNC server listens, for the console proxy. */
  get_vnc_console(args: InstanceArgs): Promise<{ host: string; port: number }>;
  /** A call: what the hypervisor measures of a RUNNING guest; any other power state is a 409. */
  get_diagnostics(args: InstanceArgs): Promise<InstanceDiagnostics>;
  /** A call: the host's `uptime` line (os-hypervisors `{id}/uptime`). */
  get_host_uptime(args: { context: RpcContext }): Promise<string>;
  /** Events about instances on this host (or moving to it) from other services; each is handed to its waiter. */
  external_instance_event(args: { context: RpcContext; events: ExternalEvent[] }): void;
  /**
   * A call (os-interface attach): a port on the network asked for, or the port given, is bound
   * here and hot-plugged; its VIF. The API has resolved the request (a network or a port).
   */
  attach_interface(args: InstanceArgs & { request: RequestedNetwork }): Promise<InstanceVif>;
  /** os-interface detach: the port is unplugged, then deleted (or unbound, when it was the user's). */
  detach_interface(args: InstanceArgs & { portId: string }): void;
  /**
   * A call (os-volume_attachments create, before Cinder is asked): under the instance's lock the
   * host picks the volume's device (the next free `/dev/vdX`) and records its block device
   * mapping; the device and the mapping's uuid.
   */
  reserve_block_device_name(
    args: InstanceArgs & {
      volumeId: string;
      tag: string | null;
      deleteOnTermination: boolean;
      multiattach: boolean;
    },
  ): Promise<{ device: string; bdmUuid: string }>;
  /**
   * The mapping's volume, reserved for the server in Cinder, is connected to this host
   * (`attachment_update` with the host's connector), hot-plugged and marked attached
   * (`attachment_complete`); on failure its attachment and mapping go.
   */
  attach_volume(args: InstanceArgs & { bdmUuid: string }): void;
  /** The volume is unplugged, its attachment deleted and its mapping removed. */
  detach_volume(args: InstanceArgs & { volumeId: string; attachmentId: string | null }): void;
}
