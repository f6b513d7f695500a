import { randomBytes } from 'node:crypto';
import { objectStoreTestApp } from '../../test/helpers/object-store-app.js';

/**
 * 4 KiB object PUTs and GETs per second at concurrency 32 through the Swift API in process
 * (Fastify's inject, the all-in-one rings: three replicas on three device folders). Prints
 * `name value` lines; no target is asserted here.
 */
const CONCURRENCY = 32;
const COUNT = Number(process.argv[2] ?? 2000);

async function timed(label: string, count: number, one: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await one(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label} ${(count / seconds).toFixed(0)}`);
}

const swift = await objectStoreTestApp();
try {
  const data = randomBytes(4096);
  await swift.request('PUT', '/bench');
  await timed('put_4k_per_second', COUNT, async (index) => {
    const response = await swift.request('PUT', `/bench/o${index}`, { body: data });
    if (response.statusCode !== 201) throw new Error(`PUT ${response.statusCode} ${response.body}`);
  });
  await timed('get_4k_per_second', COUNT, async (index) => {
    const response = await swift.request('GET', `/bench/o${index % COUNT}`);
    if (response.statusCode !== 200 || response.rawPayload.length !== 4096)
      throw new Error(`GET ${response.statusCode}`);
  });
  console.log(`rss_mib ${(process.memoryUsage().rss / 1048576).toFixed(0)}`);
} finally {
  await swift.close();
}
