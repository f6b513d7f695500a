import type { Replicas, StoragePath } from '../../proxy/replicas.js';
import { discard } from '../../proxy/replicas.js';
import type { StorageResponse } from '../../storage/storage-protocol.js';
import { bestResponse } from '../../proxy/best-response.js';

/** The hidden account that holds the queue of objects to delete (Swift's `expiring_objects_account`). */
export const EXPIRING_OBJECTS_ACCOUNT = '.expiring_objects';

/** Seconds of delete-at times each queue container holds (Swift's `expiring_objects_container_divisor`). */
export const CONTAINER_DIVISOR = 86400;

/** Swift's `normalize_delete_at_timestamp`: whole seconds, ten digits. */
const tenDigits = (seconds: number) => String(Math.max(0, seconds)).padStart(10, '0');

/** The queue container of a delete-at time: the start of its day, so the expirer walks days in order. */
export const queueContainer = (deleteAt: number) =>
  tenDigits(Math.floor(deleteAt / CONTAINER_DIVISOR) * CONTAINER_DIVISOR);

/** A queue entry's name: `<delete-at>-<account>/<container>/<object>`. */
export const queueEntry = (deleteAt: number, path: Required<StoragePath>) =>
  `${tenDigits(deleteAt)}-${path.account}/${path.container}/${path.object}`;

/** What a queue entry names: when, and which object; null for a name that is not an entry. */
export function parseQueueEntry(name: string): { deleteAt: number; path: Required<StoragePath> } | null {
  const match = /^(\d+)-([^/]+)\/([^/]+)\/(.+)$/s.exec(name);
  if (!match) return null;
  return { deleteAt: Number(match[1]), path: { account: match[2], container: match[3], object: match[4] } };
}

const backend = (transId: string) => ({ 'x-trans-id': transId, 'user-agent': 'object-expirer' });

/**
 * A row of a queue container, sent to each of the container's replicas, as an object server's
 * container update is (no object data: the row is the whole entry); the quorum's answer.
 */
async function sendRow(
  replicas: Replicas,
  path: Required<StoragePath>,
  method: 'PUT' | 'DELETE',
  headers: Record<string, string>,
): Promise<StorageResponse> {
  const { partition, primaries } = replicas.place({ account: path.account, container: path.container });
  const responses = await Promise.all(
    primaries.map((node) => replicas.send(node, partition, path, { method, server: 'container', headers })),
  );
  const best = bestResponse(responses, primaries.length);
  for (const response of responses) if (response !== best) discard(response);
  discard(best);
  return best;
}

/**
 * Where each replica of a write reports its change (`X-Account-Host`... or `X-Container-Host`...):
 * replica i tells replica i of the account (or container) above it.
 */
export function updateHeaders(
  replicas: Replicas,
  above: 'account' | 'container',
  path: StoragePath,
): (index: number) => Record<string, string> {
  const { partition, primaries } = replicas.place(
    above === 'account' ? { account: path.account } : { account: path.account, container: path.container },
  );
  return (index) => {
    const node = primaries[index % primaries.length];
    return {
      [`x-${above}-host`]: `${node.ip}:${node.port}`,
      [`x-${above}-device`]: node.device,
      [`x-${above}-partition`]: String(partition),
    };
  };
}

/**
 * Queues the deletion of an object at `deleteAt` (seconds): its queue container made (the hidden
 * account made with it) and told to the account at once, then the entry's row written with the
 * write's timestamp. A stale entry (the object since overwritten or given another time) is
 * harmless: the expirer's conditional DELETE refuses it.
 */
export async function enqueueExpiry(
  replicas: Replicas,
  deleteAt: number,
  path: Required<StoragePath>,
  timestamp: string,
  transId: string,
): Promise<boolean> {
  const container = { account: EXPIRING_OBJECTS_ACCOUNT, container: queueContainer(deleteAt) };
  const made = await replicas.writeAll(
    container,
    { method: 'PUT', headers: { ...backend(transId), 'x-timestamp': timestamp } },
    updateHeaders(replicas, 'account', container),
  );
  discard(made);
  if (made.status >= 300 && made.status !== 409) return false;
  const row = await sendRow(replicas, { ...container, object: queueEntry(deleteAt, path) }, 'PUT', {
    ...backend(transId),
    'x-timestamp': timestamp,
    'x-size': '0',
    'x-content-type': 'text/plain',
    'x-etag': 'd41d8cd98f00b204e9800998ecf8427e',
  });
  return row.status < 300;
}

/** Removes a queue entry once its object is deleted (or was no longer the one queued). */
export async function dequeueExpiry(
  replicas: Replicas,
  container: string,
  entry: string,
  timestamp: string,
  transId: string,
): Promise<boolean> {
  const path = { account: EXPIRING_OBJECTS_ACCOUNT, container, object: entry };
  const response = await sendRow(replicas, path, 'DELETE', { ...backend(transId), 'x-timestamp': timestamp });
  return response.status < 300 || response.status === 404;
}
