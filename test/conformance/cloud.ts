/**
 * The cloud the conformance suites talk to: either a fresh `stratus up` started here (the
 * default, what CI runs) or an already running cloud described by a directory holding its
 * `openrc` and `openrc.demo` (for debugging, or to run the suites against upstream Keystone).
 * A started cloud has fake guests on a fake network, or, for Tempest's SSH validation, real
 * QEMU guests on the Linux data plane (real-guests.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lastLines } from './commands.js';
import { readOpenRc, type OpenRc } from './openrc.js';
import { killLeftoverGuests, REAL_GUEST_HOSTS, realGuestsEnv } from './real-guests.js';

/**
 * What Tempest's identity tests expect of [security_compliance] (tempest.conf [identity]
 * user_lockout_* and user_unique_last_password_count default to these): two failed logins lock
 * a user for five seconds, the last two passwords may not be reused, and a password may be
 * changed again at once (the tests change it several times in a row).
 */
export const SECURITY_COMPLIANCE = {
  lockout_failure_attempts: 2,
  lockout_duration: 5,
  unique_last_password_count: 2,
  minimum_password_age: 0,
} as const;

export interface Cloud {
  /** Where the cloud keeps its state; the suites write their summaries here too. */
  dataDir: string;
  /** The admin's openrc: OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME, ... */
  admin: OpenRc;
  /** An ordinary user's openrc (member of its own project, nothing more). */
  demo: OpenRc;
  /**
   * The catalog types the cloud must serve. The suites test these and whatever else of theirs
   * the catalog lists, so a service missing from a Stratus catalog fails instead of being skipped.
   */
  expectedServices: readonly string[];
  /** How many compute hosts it has. */
  computeHosts: number;
  /** Whether its guests are real QEMU guests on a real network, which Tempest can log into. */
  realGuests: boolean;
  /** Ends the cloud if this run started it; an attached cloud is left running. */
  stop(): Promise<void>;
}

/** What `stratus up` serves, by catalog type. */
export const STRATUS_SERVICES = [
  'identity',
  'image',
  'placement',
  'compute',
  'network',
  'block-storage',
  'object-store',
] as const;

export interface CloudOptions {
  /**
   * Real QEMU guests on the Linux data plane (as root; see realGuestsSkipReason) instead of fake
   * ones. `stratus up` then builds the default guest image first.
   */
  realGuests?: boolean;
}

/** The compute hosts of the conformance cloud with fake guests. */
export const FAKE_HOSTS = 2;

/** Up to the first answer; with real guests this includes building the guest image. */
const READY_TIMEOUT_MS = { fake: 60_000, real: 300_000 };
/** A clean stop with real guests removes the bridges, namespaces and rules of the data plane. */
const STOP_TIMEOUT_MS = { fake: 10_000, real: 60_000 };
const STDERR_KEPT = 64 * 1024;
const UP_LINE = 'Stratus is up:';
/** Variables of the conformance run itself; the cloud's config loader would reject them. */
const RUNNER_VARIABLES = /^STRATUS_(CONFORMANCE_|TEMPEST_|SKIP_CONFORMANCE)/;

function readCredentials(dataDir: string): { admin: OpenRc; demo: OpenRc } {
  return { admin: readOpenRc(join(dataDir, 'openrc')), demo: readOpenRc(join(dataDir, 'openrc.demo')) };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Uses a cloud that is already running; `dataDir` holds its openrc and openrc.demo. Only identity
 * is expected of it: the suites find its other services in its catalog.
 */
export async function attachCloud(dataDir: string): Promise<Cloud> {
  const { admin, demo } = readCredentials(dataDir);
  if (!(await answers(admin.OS_AUTH_URL))) {
    throw new Error(`the cloud of ${dataDir} does not answer at ${admin.OS_AUTH_URL}`);
  }
  return {
    dataDir,
    admin,
    demo,
    expectedServices: ['identity'],
    // Not known: taken to be as many as the cloud the suites start would have.
    computeHosts: FAKE_HOSTS,
    realGuests: false,
    stop: async () => {},
  };
}

/** A port nobody listens on now: the kernel picks one for a listener we close at once. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not find a free port'));
      });
    });
  });
}

function cloudEnv(dataDir: string, port: number, realGuests: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!RUNNER_VARIABLES.test(name)) env[name] = value;
  }
  const compliance = 'STRATUS_IDENTITY__SECURITY_COMPLIANCE__';
  return {
    ...env,
    STRATUS_DATA_DIR: dataDir,
    STRATUS_PORT: String(port),
    STRATUS_LOG_LEVEL: 'warn',
    // With fake guests, two hypervisor hosts, so migrations have somewhere to go (Tempest's need two too).
    ...(realGuests ? realGuestsEnv() : { STRATUS_COMPUTE__FAKE_HOSTS: String(FAKE_HOSTS) }),
    STRATUS_IDENTITY__ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    STRATUS_IDENTITY__DEMO_PASSWORD: randomBytes(12).toString('hex'),
    [`${compliance}LOCKOUT_FAILURE_ATTEMPTS`]: String(SECURITY_COMPLIANCE.lockout_failure_attempts),
    [`${compliance}LOCKOUT_DURATION`]: String(SECURITY_COMPLIANCE.lockout_duration),
    [`${compliance}UNIQUE_LAST_PASSWORD_COUNT`]: String(SECURITY_COMPLIANCE.unique_last_password_count),
    [`${compliance}MINIMUM_PASSWORD_AGE`]: String(SECURITY_COMPLIANCE.minimum_password_age),
  };
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const inTime = await Promise.race([gone.then(() => true), sleep(timeoutMs).then(() => false)]);
  if (!inTime) {
    console.error(`the cloud did not stop within ${timeoutMs / 1000} s of SIGTERM; killing it`);
    child.kill('SIGKILL');
    await gone;
  }
}

/** Starts `node bin/stratus.js up` on a free port with a fresh data dir; resolves once it answers. */
export async function startCloud(root: string, { realGuests = false }: CloudOptions = {}): Promise<Cloud> {
  const entry = join(root, 'bin', 'stratus.js');
  if (!existsSync(entry)) throw new Error(`${entry} does not exist, so there is no cloud to start`);
  const kind = realGuests ? 'real' : 'fake';
  const dataDir = mkdtempSync(
    join(tmpdir(), realGuests ? 'stratus-conformance-guests-' : 'stratus-conformance-'),
  );
  // dnsmasq reads its hosts files in there as nobody.
  if (realGuests) chmodSync(dataDir, 0o755);
  const port = await freePort();
  const logPath = join(dataDir, 'cloud.log');
  const log = createWriteStream(logPath);
  const child = spawn(process.execPath, [entry, 'up'], {
    cwd: root,
    env: cloudEnv(dataDir, port, realGuests),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The end of stderr, for error messages; all of it is in the log.
  let stderr = '';
  // `stratus up` says so once every service has started (with real guests: the image is built).
  let saidUp = false;
  let stdoutTail = '';
  child.stdout?.pipe(log, { end: false });
  child.stdout?.on('data', (chunk: Buffer) => {
    stdoutTail = (stdoutTail + chunk.toString('utf8')).slice(-STDERR_KEPT);
    saidUp ||= stdoutTail.includes(UP_LINE);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
    log.write(chunk);
  });
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await stopChild(child, STOP_TIMEOUT_MS[kind]);
    log.end();
    if (realGuests) {
      const killed = killLeftoverGuests(dataDir);
      if (killed > 0) console.error(`killed ${killed} guest(s) left running by the tests`);
    }
  };

  const url = `http://127.0.0.1:${port}/identity/v3`;
  const deadline = Date.now() + READY_TIMEOUT_MS[kind];
  const credentialsWritten = () =>
    existsSync(join(dataDir, 'openrc')) && existsSync(join(dataDir, 'openrc.demo'));
  while (!(saidUp && credentialsWritten() && (await answers(url)))) {
    if (exited(child) || Date.now() > deadline) {
      const why = exited(child)
        ? `exited (${child.exitCode ?? child.signalCode})`
        : `did not say "${UP_LINE}", answer 200 at ${url} and write openrc and openrc.demo within ${READY_TIMEOUT_MS[kind] / 1000} s`;
      await stop();
      throw new Error(`the cloud ${why}; its stderr:\n${stderr.trim() || '(empty)'}\n(full log: ${logPath})`);
    }
    await sleep(250);
  }
  // From here on an exit is a crash: say so at once, the suites will only see refused connections.
  child.once('exit', (code, signal) => {
    if (!stopping)
      console.error(`the cloud exited (${code ?? signal}); its stderr:\n${lastLines(stderr, 20)}`);
  });
  console.log(`cloud with ${kind} guests up at ${url} (pid ${child.pid}, data dir ${dataDir})`);
  return {
    dataDir,
    ...readCredentials(dataDir),
    expectedServices: STRATUS_SERVICES,
    computeHosts: realGuests ? REAL_GUEST_HOSTS : FAKE_HOSTS,
    realGuests,
    stop,
  };
}
