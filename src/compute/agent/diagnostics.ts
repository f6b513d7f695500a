import { InstanceInvalidState } from '../instances/actions.js';
import { PowerState, powerStateNames } from '../virt/power-state.js';
import type { InstanceDiagnostics } from '../virt/types.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { runInstanceTask } from './instance-task.js';

/**
 * `get_diagnostics` (a call): Nova's `get_instance_diagnostics`. Only a guest the hypervisor sees
 * RUNNING has figures worth showing; otherwise InstanceInvalidState names the instance's recorded
 * power state, as Nova's does. A failure is recorded as a fault, no instance action event.
 */
export async function getDiagnostics(
  ctx: AgentContext,
  args: ArgsOf<'get_diagnostics'>,
): Promise<InstanceDiagnostics> {
  const diagnostics = await runInstanceTask(ctx, {
    method: 'get_diagnostics',
    args,
    noEvent: true,
    unlocked: true,
    rethrow: true,
    onFailure: () => ({}),
    work: async (row) => {
      if ((await ctx.powerStateOf(row.uuid)) !== PowerState.RUNNING) {
        const recorded = powerStateNames[row.power_state as PowerState] ?? String(row.power_state);
        throw new InstanceInvalidState(row.uuid, 'get_diagnostics', 'power state', recorded);
      }
      return ctx.driver.getDiagnostics((await ctx.guestOf(row)).spec);
    },
  });
  return diagnostics!;
}

/** `get_host_uptime` (a call): the hypervisor host's `uptime` line. */
export function getHostUptime(ctx: AgentContext): Promise<string> {
  return ctx.driver.hostUptime();
}
