/** Where a message goes: every server of a topic, or the server of one host. */
export interface Target {
  topic: string;
  host?: string;
}

/** `compute` or `compute.node1.example.com`: the topic ends at the first dot, the host is the rest. */
export function parseTarget(target: string): Target {
  const dot = target.indexOf('.');
  const topic = dot < 0 ? target : target.slice(0, dot);
  const host = dot < 0 ? undefined : target.slice(dot + 1);
  if (!topic || host === '')
    throw new Error(`invalid bus target '${target}': expected 'topic' or 'topic.host'`);
  return host === undefined ? { topic } : { topic, host };
}

/** Whether a notification's event type matches a subscription pattern (`*` is any text). */
export function matchesEventPattern(pattern: string, eventType: string): boolean {
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}$`, 's').test(eventType);
}
