import { existsSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { loadConfig } from '../common/config/index.js';
import { stateFile } from '../gateway/cloud.js';

/**
 * The status code of a GET, or null when nothing answers. node:http rather than fetch: fetch
 * refuses some ports outright (5060 and 5061 are on its list of bad ports).
 */
function httpStatus(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const request = get(url, { timeout: 3000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? null);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(null));
  });
}

/** Prints whether the cloud of the data directory runs, and whether each service answers. */
export async function printStatus(): Promise<number> {
  const config = loadConfig();
  const file = stateFile(config.data_dir);
  if (!existsSync(file)) {
    console.log(`stratus: not running (data directory ${config.data_dir})`);
    return 3;
  }
  const state = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; url: string; services: string[] };
  let alive = true;
  try {
    process.kill(state.pid, 0);
  } catch {
    alive = false;
  }
  console.log(`stratus: ${alive ? 'running' : 'not running (stale state)'}, pid ${state.pid}, ${state.url}`);
  let healthy = alive;
  for (const name of state.services) {
    const status = await httpStatus(`${state.url}/${name}`);
    const answer = status === null ? 'down' : status < 500 ? 'up' : `error ${status}`;
    if (status === null || status >= 500) healthy = false;
    console.log(`  ${name.padEnd(14)} ${answer}`);
  }
  return healthy ? 0 : 1;
}
