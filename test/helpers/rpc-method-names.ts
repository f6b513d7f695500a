import type { ComputeMethods } from '../../src/compute/rpc/compute-api.js';
import type { ConductorMethods } from '../../src/compute/rpc/conductor-api.js';

/** Every name of a contract, checked complete by the compiler: a method added to it must be added here. */
function namesOf<M>(names: Record<keyof M, true>): (keyof M & string)[] {
  return Object.keys(names) as (keyof M & string)[];
}

/** The methods a compute agent serves, for test recorders standing in for agents. */
export const COMPUTE_METHOD_NAMES = namesOf<ComputeMethods>({
  build_and_run_instance: true,
  terminate_instance: true,
  reboot_instance: true,
  stop_instance: true,
  start_instance: true,
  pause_instance: true,
  unpause_instance: true,
  suspend_instance: true,
  resume_instance: true,
  rescue_instance: true,
  unrescue_instance: true,
  snapshot_instance: true,
  backup_instance: true,
  restore_instance: true,
  rebuild_instance: true,
  prep_resize: true,
  resize_instance: true,
  finish_resize: true,
  confirm_resize: true,
  revert_resize: true,
  finish_revert_resize: true,
  live_migration: true,
  pre_live_migration: true,
  post_live_migration_at_destination: true,
  rollback_live_migration_at_destination: true,
  shelve_instance: true,
  shelve_offload_instance: true,
  unshelve_instance: true,
  get_console_output: true,
  get_vnc_console: true,
  get_diagnostics: true,
  get_host_uptime: true,
  external_instance_event: true,
  attach_interface: true,
  detach_interface: true,
  reserve_block_device_name: true,
  attach_volume: true,
  detach_volume: true,
});

/** The methods the conductor serves, for test recorders standing in for it. */
export const CONDUCTOR_METHOD_NAMES = namesOf<ConductorMethods>({
  build_instances: true,
  reschedule_instance: true,
  migrate_server: true,
  live_migrate_instance: true,
  evacuate_instance: true,
  unshelve_instance: true,
});
