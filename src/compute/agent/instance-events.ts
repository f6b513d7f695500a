import type { ExternalEvent } from '../rpc/compute-api.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';

/** Nova's event key: `network-vif-plugged-<port id>`, or the bare name for an event without a tag. */
export const eventKey = (name: string, tag: string | null) => (tag === null ? name : `${name}-${tag}`);

/**
 * The events the agent's operations wait for (Nova's `InstanceEvents`): an operation prepares
 * for an event before it starts what will cause it (plugging a VIF makes Neutron send
 * `network-vif-plugged`), then awaits it; `external_instance_event` hands each arriving event to
 * its waiter. As in Nova, an event that nobody waits for is dropped.
 */
export class InstanceEvents {
  private readonly waiters = new Map<string, Map<string, (event: ExternalEvent) => void>>();

  /** A promise of the event `name` (with `tag`) for the instance; prepare it before the action. */
  prepare(instanceUuid: string, name: string, tag: string | null = null): Promise<ExternalEvent> {
    return new Promise((resolve) => {
      let forInstance = this.waiters.get(instanceUuid);
      if (!forInstance) this.waiters.set(instanceUuid, (forInstance = new Map()));
      forInstance.set(eventKey(name, tag), resolve);
    });
  }

  /** Gives the event to its waiter; false when nobody waits for it. */
  pop(event: ExternalEvent): boolean {
    const forInstance = this.waiters.get(event.instanceUuid);
    const key = eventKey(event.name, event.tag);
    const resolve = forInstance?.get(key);
    if (!forInstance || !resolve) return false;
    forInstance.delete(key);
    if (forInstance.size === 0) this.waiters.delete(event.instanceUuid);
    resolve(event);
    return true;
  }
}

/**
 * `external_instance_event` (a cast): each event goes to the operation waiting for it. What Nova's
 * manager does itself for some events (refresh the network info cache on `network-changed`,
 * detach the port of `network-vif-deleted`, grow the disk of `volume-extended`) needs the network
 * and volume services, which compute does not reach yet; those events are logged and dropped.
 */
export async function externalInstanceEvent(
  ctx: AgentContext,
  args: ArgsOf<'external_instance_event'>,
): Promise<void> {
  for (const event of args.events) {
    const key = eventKey(event.name, event.tag);
    const taken = ctx.events.pop(event);
    ctx.logger.info(
      { instanceUuid: event.instanceUuid, host: ctx.host, event: key, status: event.status },
      taken ? 'received event' : 'received event nobody waits for',
    );
  }
}
