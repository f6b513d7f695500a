import { systemMetadataOf, type InstanceChanges, type InstanceRow } from '../instances/instance-repo.js';
import { HARD_REBOOT_TASK_STATES, SOFT_REBOOT_TASK_STATES, TaskState, VmState } from '../instances/states.js';
import { InstanceNotFound as GuestNotFound } from '../virt/errors.js';
import { PowerState } from '../virt/power-state.js';
import type { InstanceSpec } from '../virt/types.js';
import type { AgentContext, Guest } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { imageMetaOfGlance } from './guest-spec.js';
import {
  errorUnlessRefused,
  isRefusal,
  revertTaskState,
  runInstanceTask,
  type OnFailure,
} from './instance-task.js';
import { deleteShelvedImage, withoutShelvedKeys } from './shelved-image.js';

type Args = { context: { requestId: string }; instanceUuid: string };

/**
 * One power operation as Nova's pause/suspend/rescue handlers are written: the driver acts, then
 * the instance takes the new vm_state and the guest's power state, if it is still in the task the
 * API set (another request may have taken it over meanwhile).
 */
function powerOperation(
  ctx: AgentContext,
  method:
    'pause_instance' | 'unpause_instance' | 'suspend_instance' | 'resume_instance' | 'unrescue_instance',
  args: Args,
  task: TaskState,
  onFailure: OnFailure,
  act: (guest: Guest, row: InstanceRow) => Promise<InstanceChanges>,
): Promise<unknown> {
  return runInstanceTask(ctx, {
    method,
    args,
    onFailure,
    work: async (row) => {
      const changes = await act(await ctx.guestOf(row), row);
      const powerState = await ctx.powerStateOf(row.uuid);
      await ctx.instances.save(
        row.uuid,
        { task_state: null, power_state: powerState, ...changes },
        { taskState: [task] },
      );
    },
  });
}

export function pauseInstance(ctx: AgentContext, args: ArgsOf<'pause_instance'>) {
  return powerOperation(ctx, 'pause_instance', args, TaskState.PAUSING, revertTaskState, async ({ spec }) => {
    await ctx.driver.pause(spec);
    return { vm_state: VmState.PAUSED };
  });
}

export function unpauseInstance(ctx: AgentContext, args: ArgsOf<'unpause_instance'>) {
  return powerOperation(
    ctx,
    'unpause_instance',
    args,
    TaskState.UNPAUSING,
    revertTaskState,
    async ({ spec }) => {
      await ctx.driver.unpause(spec);
      return { vm_state: VmState.ACTIVE };
    },
  );
}

/** Suspend keeps the vm_state it came from (`old_vm_state`) for resume, as Nova does. */
export function suspendInstance(ctx: AgentContext, args: ArgsOf<'suspend_instance'>) {
  return powerOperation(
    ctx,
    'suspend_instance',
    args,
    TaskState.SUSPENDING,
    errorUnlessRefused,
    async ({ spec }, row) => {
      await ctx.driver.suspend(spec);
      const systemMetadata = { ...systemMetadataOf(row), old_vm_state: row.vm_state };
      return { vm_state: VmState.SUSPENDED, system_metadata: JSON.stringify(systemMetadata) };
    },
  );
}

export function resumeInstance(ctx: AgentContext, args: ArgsOf<'resume_instance'>) {
  return powerOperation(
    ctx,
    'resume_instance',
    args,
    TaskState.RESUMING,
    errorUnlessRefused,
    async (guest, row) => {
      await ctx.driver.resume(guest.spec, guest.devices);
      const { old_vm_state: oldVmState, ...systemMetadata } = systemMetadataOf(row);
      return { vm_state: oldVmState ?? VmState.ACTIVE, system_metadata: JSON.stringify(systemMetadata) };
    },
  );
}

export function unrescueInstance(ctx: AgentContext, args: ArgsOf<'unrescue_instance'>) {
  return powerOperation(
    ctx,
    'unrescue_instance',
    args,
    TaskState.UNRESCUING,
    errorUnlessRefused,
    async ({ spec }) => {
      await ctx.driver.unrescue(spec);
      return { vm_state: VmState.ACTIVE };
    },
  );
}

/** Rescue boots the rescue image (the instance's own when none is given), as Nova's does. */
export function rescueInstance(ctx: AgentContext, args: ArgsOf<'rescue_instance'>) {
  return runInstanceTask(ctx, {
    method: 'rescue_instance',
    args,
    onFailure: errorUnlessRefused,
    work: async (row) => {
      const guest = await ctx.guestOf(row);
      const image = args.rescueImageRef ? await ctx.images.getImage(args.rescueImageRef) : null;
      if (args.rescueImageRef && !image) throw new Error(`Image ${args.rescueImageRef} could not be found.`);
      await ctx.driver.rescue(guest.spec, {
        ...guest.devices,
        rescueImage: image ? imageMetaOfGlance(image) : null,
        rescuePassword: args.rescuePassword,
      });
      await ctx.instances.save(
        row.uuid,
        {
          vm_state: VmState.RESCUED,
          task_state: null,
          power_state: await ctx.powerStateOf(row.uuid),
          launched_at: ctx.now().toISOString(),
        },
        { taskState: [TaskState.RESCUING] },
      );
    },
  });
}

/** `reboot_instance`: a hard reboot brings any guest up RUNNING; the instance goes ACTIVE (or stays RESCUED). */
export function rebootInstance(ctx: AgentContext, args: ArgsOf<'reboot_instance'>) {
  const soft = args.rebootType === 'SOFT';
  return runInstanceTask(ctx, {
    method: 'reboot_instance',
    args,
    // A guest still running after a failed reboot keeps the instance as it was (Nova records the
    // fault only); one that is not puts it in ERROR, unless the hypervisor merely refused.
    onFailure: async (error, row) => {
      const powerState = await ctx.powerStateOf(row.uuid).catch(() => row.power_state);
      if (isRefusal(error)) return { task_state: null, power_state: powerState };
      if (powerState !== PowerState.RUNNING)
        return { vm_state: VmState.ERROR, task_state: null, power_state: powerState };
      return {
        vm_state: row.vm_state === VmState.RESCUED ? VmState.RESCUED : VmState.ACTIVE,
        task_state: null,
        power_state: powerState,
      };
    },
    work: async (row) => {
      await ctx.instances.save(
        row.uuid,
        { task_state: soft ? TaskState.REBOOT_STARTED : TaskState.REBOOT_STARTED_HARD },
        { taskState: soft ? SOFT_REBOOT_TASK_STATES : HARD_REBOOT_TASK_STATES },
      );
      const guest = await ctx.guestOf(row);
      await ctx.driver.reboot(guest.spec, args.rebootType, guest.devices);
      await ctx.instances.save(row.uuid, {
        vm_state: row.vm_state === VmState.RESCUED ? VmState.RESCUED : VmState.ACTIVE,
        task_state: null,
        power_state: await ctx.powerStateOf(row.uuid),
      });
    },
  });
}

/**
 * Powers the guest off as Nova's `_power_off_instance` does (a guest the hypervisor no longer has
 * is off already, as libvirt treats it) and returns its power state afterwards.
 */
export async function powerOffGuest(ctx: AgentContext, spec: InstanceSpec, cleanShutdown: boolean) {
  try {
    await ctx.driver.powerOff(spec, ctx.powerOffOptions(cleanShutdown));
  } catch (error) {
    if (!(error instanceof GuestNotFound)) throw error;
  }
  return ctx.powerStateOf(spec.uuid);
}

/** The stop itself, for `stop_instance` and the power state sync's own stops. */
export async function stopGuest(ctx: AgentContext, row: InstanceRow, cleanShutdown: boolean): Promise<void> {
  const { spec } = await ctx.guestOf(row);
  const powerState = await powerOffGuest(ctx, spec, cleanShutdown);
  await ctx.instances.save(
    row.uuid,
    { vm_state: VmState.STOPPED, task_state: null, power_state: powerState },
    { taskState: [TaskState.POWERING_OFF, null] },
  );
  ctx.usageChanged();
}

export function stopInstance(ctx: AgentContext, args: ArgsOf<'stop_instance'>) {
  return runInstanceTask(ctx, {
    method: 'stop_instance',
    args,
    work: (row) => stopGuest(ctx, row, args.cleanShutdown),
  });
}

/** Nova's `_power_on`: the guest runs again and the instance is ACTIVE with no task, if still in one of `tasks`. */
async function powerOnGuest(
  ctx: AgentContext,
  row: InstanceRow,
  tasks: TaskState[],
  changes: InstanceChanges = {},
) {
  const guest = await ctx.guestOf(row);
  await ctx.driver.powerOn(guest.spec, guest.devices);
  await ctx.instances.save(
    row.uuid,
    { vm_state: VmState.ACTIVE, task_state: null, power_state: await ctx.powerStateOf(row.uuid), ...changes },
    { taskState: tasks },
  );
}

/** `start_instance`; starting a shelved instance (not offloaded) also drops its snapshot, as Nova does. */
export function startInstance(ctx: AgentContext, args: ArgsOf<'start_instance'>) {
  return runInstanceTask(ctx, {
    method: 'start_instance',
    args,
    work: async (row) => {
      const systemMetadata = systemMetadataOf(row);
      await powerOnGuest(ctx, row, [TaskState.POWERING_ON, TaskState.UNSHELVING], {
        system_metadata: JSON.stringify(withoutShelvedKeys(systemMetadata)),
      });
      await deleteShelvedImage(ctx, row.uuid, systemMetadata);
    },
  });
}

/**
 * `restore_instance`: a SOFT_DELETED server is powered on again (Nova's fallback for drivers
 * without `restore`, as libvirt) and is ACTIVE; a failure leaves it soft-deleted, with no task.
 */
export function restoreInstance(ctx: AgentContext, args: ArgsOf<'restore_instance'>) {
  return runInstanceTask(ctx, {
    method: 'restore_instance',
    args,
    work: (row) => powerOnGuest(ctx, row, [TaskState.RESTORING]),
  });
}
