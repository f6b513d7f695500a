// What the benches that drive a whole cloud share: `stratus up` started in its own process (so
// its memory is measured apart from the bench's), an admin token, and that process's memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export const BENCH_PASSWORD = 'bench-password';

/** Starts `stratus up` on `port` with its state in `dataDir`; `env` adds configuration. */
export function startCloudProcess(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, ['bin/stratus.js', 'up'], {
    env: {
      ...process.env,
      STRATUS_DATA_DIR: dataDir,
      STRATUS_PORT: String(port),
      STRATUS_LOG_LEVEL: 'warn',
      STRATUS_IDENTITY__ADMIN_PASSWORD: BENCH_PASSWORD,
      STRATUS_IDENTITY__DEMO_PASSWORD: BENCH_PASSWORD,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Waits until identity answers, then checks that `service` is served (its root is not 404). */
export async function waitForCloud(base: string, service: string, servicePath: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${base}/identity/v3`)).ok) break;
    } catch {
      if (attempt > 300) throw new Error('the cloud did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const root = await fetch(`${base}${servicePath}`);
  if (root.status === 404) throw new Error(`the cloud serves no ${service} API (GET ${servicePath} is 404)`);
}

/** A token of `user` (of the default domain), scoped to the project of the same name. */
export async function userToken(base: string, user: string, password: string): Promise<string> {
  const response = await fetch(`${base}/identity/v3/auth/tokens?nocatalog`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user, domain: { id: 'default' }, password } },
        },
        scope: { project: { name: user, domain: { id: 'default' } } },
      },
    }),
  });
  if (response.status !== 201) throw new Error(`token: HTTP ${response.status} ${await response.text()}`);
  return response.headers.get('x-subject-token')!;
}

/** A token of the cloud's admin, scoped to the admin project. */
export function adminToken(base: string): Promise<string> {
  return userToken(base, 'admin', BENCH_PASSWORD);
}

/** kB figures from /proc/<pid>/status, as MB. */
export function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) / 1024;
}

/** Samples the process's resident memory while `work` runs; returns its result and the peak. */
export async function withPeakRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; peakMb: number }> {
  // Resetting the high-water mark makes VmHWM the peak of this work alone (Linux >= 4.0).
  let resettable = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    resettable = false;
  }
  let sampled = memoryOf(pid, 'VmRSS');
  const timer = setInterval(() => (sampled = Math.max(sampled, memoryOf(pid, 'VmRSS'))), 50);
  try {
    const result = await work();
    return { result, peakMb: resettable ? Math.max(sampled, memoryOf(pid, 'VmHWM')) : sampled };
  } finally {
    clearInterval(timer);
  }
}
