import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../common/config/index.js';
import { stateFile } from '../gateway/cloud.js';

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
    let answer = 'down';
    try {
      const response = await fetch(`${state.url}/${name}`, { signal: AbortSignal.timeout(3000) });
      answer = response.status < 500 ? 'up' : `error ${response.status}`;
    } catch {
      healthy = false;
    }
    console.log(`  ${name.padEnd(14)} ${answer}`);
  }
  return healthy ? 0 : 1;
}
