import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../common/config/index.js';
import { stateFile } from '../gateway/cloud.js';
import { createNetworkDriver } from '../network/drivers/index.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `stratus down`: stops the cloud of the data directory as Ctrl-C does (a clean stop, which
 * removes what the network agents wired), then removes whatever of the data plane a cloud that
 * did not stop cleanly left behind: bridges, namespaces, dnsmasq and firewall rules.
 */
export async function stopCloud(): Promise<number> {
  const config = loadConfig();
  const file = stateFile(config.data_dir);
  if (existsSync(file)) {
    const { pid } = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
    if (alive(pid)) {
      process.kill(pid, 'SIGTERM');
      for (let waited = 0; alive(pid); waited += 100) {
        if (waited > 120_000) {
          console.error(`stratus: pid ${pid} did not stop within two minutes`);
          return 1;
        }
        await sleep(100);
      }
      console.log(`stratus: stopped pid ${pid}`);
    }
  } else {
    console.log(`stratus: not running (data directory ${config.data_dir})`);
  }
  if (config.network.driver === 'linux') {
    const driver = createNetworkDriver('linux', {
      stateDir: join(config.data_dir, 'network'),
      owner: config.network.data_plane_tag,
    });
    await driver.teardown();
    console.log('stratus: the network data plane is removed');
  }
  return 0;
}
