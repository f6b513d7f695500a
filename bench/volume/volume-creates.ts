// Part 1 of bench/volume: 1 GiB empty volumes created through the API, `concurrency` requests at
// a time, timed from the first POST until the list shows every one `available` (the scheduler
// and the volume service have done their work, the file driver has made each file); then all
// deleted, timed until the list is empty. Run against a cloud with the `file` backend (the
// default) and the volume quotas lifted.
import pLimit from 'p-limit';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Json } from '../gateway-api.js';
import type { CloudApi } from './volume-api.js';

const POLL_MS = 50;
const TIMEOUT_MS = 600_000;

export interface CreateFigures {
  /** From the first POST until every volume was listed available. */
  createSeconds: number;
  /** From the first POST until the last POST was answered (202). */
  acceptSeconds: number;
  deleteSeconds: number;
}

/** Lists the project's volumes until `done` says so; a volume in an error status stops the bench. */
async function waitFor(api: CloudApi, done: (volumes: Json[]) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const volumes = await api.volumes();
    const failed = volumes.find((volume) => String(volume.status).startsWith('error'));
    if (failed) throw new Error(`a volume went to ${String(failed.status)}: ${JSON.stringify(failed)}`);
    if (done(volumes)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(POLL_MS);
  }
}

export async function createAndDelete(
  api: CloudApi,
  count: number,
  concurrency: number,
): Promise<CreateFigures> {
  const limit = pLimit(concurrency);
  const started = performance.now();
  const ids = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      limit(async () => {
        const { volume } = await api.volume('POST', '/volumes', { volume: { size: 1, name: `bench-${i}` } });
        return String((volume as Json).id);
      }),
    ),
  );
  const accepted = performance.now();
  const wanted = new Set(ids);
  await waitFor(
    api,
    (volumes) =>
      volumes.filter((volume) => wanted.has(String(volume.id)) && volume.status === 'available').length ===
      count,
    `${count} volumes are available`,
  );
  const available = performance.now();

  const deleting = performance.now();
  await Promise.all(ids.map((id) => limit(() => api.volume('DELETE', `/volumes/${id}`))));
  await waitFor(
    api,
    (volumes) => !volumes.some((volume) => wanted.has(String(volume.id))),
    'every volume is gone',
  );
  return {
    createSeconds: (available - started) / 1000,
    acceptSeconds: (accepted - started) / 1000,
    deleteSeconds: (performance.now() - deleting) / 1000,
  };
}
