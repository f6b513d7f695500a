import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../../src/gateway/free-port.js';
import { readOpenRc, type OpenRc } from '../../../conformance/openrc.js';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const READY_TIMEOUT_MS = 180_000;

function findSkipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root (TAP devices, bridges, namespaces)';
  for (const [tool, args] of [
    ['qemu-system-x86_64', ['--version']],
    ['openstack', ['--version']],
    ['ssh', ['-V']],
    ['dnsmasq', ['--version']],
    ['busybox', ['true']],
  ] as const) {
    const result = spawnSync(tool, args, { stdio: 'ignore' });
    if (result.error || result.status !== 0) return `${tool} does not run`;
  }
  return false;
}

/** Why a whole cloud with real guests cannot run here, or false when it can. */
export const realCloudSkipReason = findSkipReason();

/** A /24 of 198.18.0.0/15 (RFC 2544, for tests) that no address of the host is in, for `public`. */
function freePublicCidr(): string {
  const inUse = spawnSync('ip', ['-o', 'address', 'show'], { encoding: 'utf8' }).stdout;
  for (;;) {
    const prefix = `198.${randomInt(18, 20)}.${randomInt(0, 256)}`;
    if (!inUse.includes(` ${prefix}.`)) return `${prefix}.0/24`;
  }
}

/**
 * `stratus up` as a user runs it, with real guests: the QEMU driver (TCG: a nested KVM may hang)
 * and the Linux network data plane, its `public` network on a test subnet of the host. The
 * demo user's and the admin's openrc drive it with Debian's `openstack` CLI.
 */
export class RealCloud {
  private constructor(
    readonly dataDir: string,
    readonly publicCidr: string,
    private readonly child: ChildProcess,
    readonly demo: OpenRc,
    readonly admin: OpenRc,
  ) {}

  static async start(): Promise<RealCloud> {
    const dataDir = mkdtempSync(join(tmpdir(), 'stratus-real-vm-'));
    chmodSync(dataDir, 0o755); // dnsmasq reads its hosts files as nobody
    const publicCidr = freePublicCidr();
    const port = await freePort('127.0.0.1');
    writeFileSync(
      join(dataDir, 'stratus.yaml'),
      [
        `port: ${port}`,
        'log_level: info',
        'compute:',
        '  virt_driver: qemu',
        '  qemu: { accel: tcg, hosts: 1 }',
        'network:',
        '  driver: linux',
        // Its own tag on firewall chains and devices: other clouds' agents may run on this machine.
        `  data_plane_tag: rv${randomBytes(3).toString('hex')}`,
        `  public_cidr: ${publicCidr}`,
        // VNIs of its own, apart from the namespace tests'.
        `  vni_ranges: { min: ${randomInt(100_000, 16_000_000)}, max: 16777215 }`,
        'identity:',
        `  admin_password: ${randomBytes(12).toString('hex')}`,
        `  demo_password: ${randomBytes(12).toString('hex')}`,
        '',
      ].join('\n'),
    );
    const log = createWriteStream(join(dataDir, 'cloud.log'));
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'stratus.js'), 'up'], {
      cwd: ROOT,
      env: { ...process.env, STRATUS_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!existsSync(join(dataDir, 'openrc.demo')) || !(await answers(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the cloud did not come up; see ${join(dataDir, 'cloud.log')}`);
      }
      await sleep(250);
    }
    const cli = (file: string) => ({ ...readOpenRc(join(dataDir, file)), PATH: process.env.PATH ?? '' });
    return new RealCloud(dataDir, publicCidr, child, cli('openrc.demo'), cli('openrc'));
  }

  /**
   * Stops the cloud as Ctrl-C does (its data plane goes with it) and removes its data, unless
   * STRATUS_KEEP_TEST_CLOUD is set: then its data directory (cloud.log, the guests' consoles) stays
   * for a look after a failure.
   */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await Promise.race([exited, sleep(60_000)]);
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
    if (!process.env.STRATUS_KEEP_TEST_CLOUD) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

async function answers(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/identity/v3`)).ok;
  } catch {
    return false;
  }
}
