import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** How long to wait before starting `ip monitor` again after it died. */
const RESTART_DELAY_MS = 1000;

/**
 * Watches the host's network devices with `ip -o monitor link` (netlink events, no polling) and
 * calls `onChange` for each line about a TAP device: one made, removed, or changed. Restarts the
 * monitor if it dies. Returns how to stop watching.
 */
export function monitorTapDevices(onChange: () => void): () => void {
  let stopped = false;
  let monitor: ChildProcess | null = null;
  let restart: NodeJS.Timeout | null = null;
  const start = () => {
    monitor = spawn('ip', ['-o', 'monitor', 'link'], { stdio: ['ignore', 'pipe', 'ignore'] });
    monitor.on('error', () => {});
    createInterface({ input: monitor.stdout! }).on('line', (line) => {
      if (/:\s+tap[0-9a-f]/.test(line)) onChange();
    });
    monitor.on('exit', () => {
      if (stopped) return;
      restart = setTimeout(start, RESTART_DELAY_MS);
      restart.unref();
    });
  };
  start();
  return () => {
    stopped = true;
    if (restart) clearTimeout(restart);
    monitor?.kill();
  };
}
