import type { RingNode } from '../ring/ring-types.js';
import type { ProxyContext } from './proxy-context.js';
import type { StoragePath } from './replicas.js';

const sameNode = (a: RingNode, b: RingNode) => a.ip === b.ip && a.port === b.port;
const sameDevice = (a: RingNode, b: RingNode) => sameNode(a, b) && a.device === b.device;

/**
 * Which container replica each object replica tells of its change: every container replica one
 * object replica, as Swift's proxy deals them out, but each object replica the one nearest to it
 * where there is a choice: on its own device, else on its own node. An update then stays on its
 * storage node (in Swift, no hop to another host) and, in the all-in-one cloud, on its device's
 * thread (storage-thread/storage-threads.ts), instead of crossing to another.
 */
export function pairWithContainers(objectNodes: RingNode[], containerNodes: RingNode[]): RingNode[] {
  const free = [...containerNodes];
  const paired: (RingNode | undefined)[] = objectNodes.map(() => undefined);
  const take = (index: number) => free.splice(index, 1)[0];
  for (const near of [sameDevice, sameNode])
    objectNodes.forEach((node, i) => {
      if (paired[i]) return;
      const index = free.findIndex((candidate) => near(candidate, node));
      if (index >= 0) paired[i] = take(index);
    });
  return objectNodes.map((_, i) => paired[i] ?? take(0) ?? containerNodes[i % containerNodes.length]!);
}

/**
 * Where each object replica tells its container about the change (`X-Container-Host`...), by the
 * object replica's index among `objectNodes` (the object's primaries by default).
 */
export function containerUpdateHeaders(
  proxy: ProxyContext,
  path: StoragePath,
  objectNodes: RingNode[] = proxy.replicas.place(path).primaries,
): (index: number) => Record<string, string> {
  const { partition, primaries } = proxy.replicas.place({ account: path.account, container: path.container });
  const paired = pairWithContainers(objectNodes, primaries);
  return (index) => {
    const node = paired[index % paired.length]!;
    return {
      'x-container-host': `${node.ip}:${node.port}`,
      'x-container-device': node.device,
      'x-container-partition': String(partition),
    };
  };
}
