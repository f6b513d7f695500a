import { VmState } from '../instances/states.js';
import { InstanceNotFound as GuestNotFound } from '../virt/errors.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { runInstanceTask } from './instance-task.js';

/** The instance has no guest yet to show a console of (Nova's InstanceNotReady). */
export class InstanceNotReady extends Error {
  constructor(readonly instanceUuid: string) {
    super(`Instance ${instanceUuid} is not ready`);
    this.name = 'InstanceNotReady';
  }
}

/**
 * The console log as Nova's `get_console_output` returns it: ASCII, anything else replaced by
 * U+FFFD, cut to its last `tailLength` lines (none for 0, all for null).
 */
export function tailConsole(output: string, tailLength: number | null): string {
  let text = '';
  for (const char of output) text += char.charCodeAt(0) > 0x7f ? '\ufffd' : char;
  if (tailLength === null) return text;
  if (tailLength <= 0) return '';
  return text.split('\n').slice(-tailLength).join('\n');
}

/** `get_console_output` (a call): reads beside other operations, records a fault if it fails. */
export async function getConsoleOutput(
  ctx: AgentContext,
  args: ArgsOf<'get_console_output'>,
): Promise<string> {
  const output = await runInstanceTask(ctx, {
    method: 'get_console_output',
    args,
    noEvent: true,
    unlocked: true,
    rethrow: true,
    onFailure: () => ({}),
    work: async (row) => ctx.driver.getConsoleOutput((await ctx.guestOf(row)).spec),
  });
  return tailConsole(output ?? '', args.tailLength);
}

/** `get_vnc_console` (a call): where the guest's VNC server listens, for the console proxy. */
export async function getVncConsole(
  ctx: AgentContext,
  args: ArgsOf<'get_vnc_console'>,
): Promise<{ host: string; port: number }> {
  const console = await runInstanceTask(ctx, {
    method: 'get_vnc_console',
    args,
    noEvent: true,
    unlocked: true,
    rethrow: true,
    onFailure: () => ({}),
    work: async (row) => {
      try {
        return await ctx.driver.getVncConsole((await ctx.guestOf(row)).spec);
      } catch (error) {
        if (error instanceof GuestNotFound && row.vm_state === VmState.BUILDING)
          throw new InstanceNotReady(row.uuid);
        throw error;
      }
    },
  });
  return { host: console!.host, port: console!.port };
}
