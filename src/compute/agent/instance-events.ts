import type { ExternalEvent } from '../rpc/compute-api.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { handleNetworkEvent, NETWORK_CACHE_EVENTS } from './network-events.js';
import { handleVolumeExtended } from './volume-events.js';

/** Cinder's event after it grew an in-use volume; the agent grows it in the guest. */
const VOLUME_EXTENDED = 'volume-extended';

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

  /** Stops waiting for an event: it came before the wait began, or the operation gave up on it. */
  cancel(instanceUuid: string, name: string, tag: string | null = null): void {
    const forInstance = this.waiters.get(instanceUuid);
    forInstance?.delete(eventKey(name, tag));
    if (forInstance?.size === 0) this.waiters.delete(instanceUuid);
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
 * `external_instance_event` (a cast): each event goes to the operation waiting for it; Neutron's
 * `network-changed` and `network-vif-deleted` update the instance's network info, and Cinder's
 * `volume-extended` grows the volume in the guest (after the waiters are served, so an operation
 * waiting in the same batch is never held up).
 */
export async function externalInstanceEvent(
  ctx: AgentContext,
  args: ArgsOf<'external_instance_event'>,
): Promise<void> {
  const networkEvents: ExternalEvent[] = [];
  const volumeEvents: ExternalEvent[] = [];
  for (const event of args.events) {
    const key = eventKey(event.name, event.tag);
    const network = NETWORK_CACHE_EVENTS.includes(event.name);
    const own = network || event.name === VOLUME_EXTENDED;
    if (network) networkEvents.push(event);
    else if (own) volumeEvents.push(event);
    const taken = !own && ctx.events.pop(event);
    ctx.logger.info(
      { instanceUuid: event.instanceUuid, host: ctx.host, event: key, status: event.status },
      taken || own ? 'received event' : 'received event nobody waits for',
    );
  }
  for (const event of networkEvents) await handleNetworkEvent(ctx, event);
  for (const event of volumeEvents) await handleVolumeExtended(ctx, args.context, event);
}
