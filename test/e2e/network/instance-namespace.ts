import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };

/** The lease busybox's udhcpc got: its script prints the variables the server's answer set. */
export interface Lease {
  ip: string;
  mask: string;
  router: string;
  dns: string;
  mtu: string;
}

/** udhcpc's event script: configures the address and default route, and prints the lease for the test. */
const udhcpcScript = `#!/bin/sh
case "$1" in
  bound|renew)
    ip address flush dev "$interface"
    ip address add "$ip/$mask" dev "$interface"
    if [ -n "$router" ]; then ip route replace default via "\${router%% *}" dev "$interface"; fi
    echo "lease ip=$ip mask=$mask router=$router dns=$dns mtu=$mtu"
    ;;
esac
exit 0
`;

/**
 * A stand-in for a virtual machine: a network namespace whose `eth0` is one end of a veth pair;
 * the other end, on the host, is named like the VM's TAP and handed to `ensurePort`.
 */
export class InstanceNamespace {
  private constructor(
    readonly namespace: string,
    readonly tap: string,
    readonly mac: string,
    private readonly scriptDir: string,
  ) {}

  /** Makes the namespace and the pair; the host end (`tap`) is left down and unplugged, as a hypervisor leaves it. */
  static async create(tap: string, mac: string): Promise<InstanceNamespace> {
    const namespace = `stx-${randomBytes(5).toString('hex')}`;
    const scriptDir = await mkdtemp(join(tmpdir(), 'stratus-udhcpc-'));
    const instance = new InstanceNamespace(namespace, tap, mac, scriptDir);
    await writeFile(join(scriptDir, 'script'), udhcpcScript);
    await chmod(join(scriptDir, 'script'), 0o755);
    await run('ip', ['netns', 'add', namespace], { env });
    await run(
      'ip',
      ['link', 'add', tap, 'type', 'veth', 'peer', 'name', 'eth0', 'address', mac, 'netns', namespace],
      { env },
    );
    await instance.exec(['ip', 'link', 'set', 'lo', 'up']);
    await instance.exec(['ip', 'link', 'set', 'eth0', 'up']);
    return instance;
  }

  /** Runs a command inside the namespace; rejects on failure. */
  async exec(argv: string[], timeout = 10_000): Promise<string> {
    const { stdout } = await run('ip', ['netns', 'exec', this.namespace, ...argv], { env, timeout });
    return stdout;
  }

  /** Asks for a DHCP lease (a discover every half second, for up to `seconds`) and configures it. */
  async dhcp(seconds = 10): Promise<Lease> {
    const tries = String(seconds * 2);
    const output = await this.exec(
      [
        'busybox',
        'udhcpc',
        '-i',
        'eth0',
        '-f',
        '-q',
        '-n',
        '-t',
        tries,
        '-T',
        '1',
        '-A',
        '1',
        '-s',
        join(this.scriptDir, 'script'),
      ],
      (seconds + 5) * 1000,
    );
    const line = output.split('\n').find((text) => text.startsWith('lease '));
    if (!line) throw new Error(`no lease in udhcpc's output: ${output}`);
    return Object.fromEntries(
      line
        .slice(6)
        .split(' ')
        .map((pair) => pair.split('=')),
    ) as unknown as Lease;
  }

  /** Whether `address` answers one ping within a second (tried `attempts` times). */
  async pings(address: string, attempts = 3): Promise<boolean> {
    for (let i = 0; i < attempts; i++) {
      try {
        await this.exec(['busybox', 'ping', '-c', '1', '-W', '1', address]);
        return true;
      } catch {
        // no answer this time
      }
    }
    return false;
  }

  /** Removes the namespace (and with it the pair) and the helper files; safe to call twice. */
  async destroy(): Promise<void> {
    await run('ip', ['netns', 'pids', this.namespace], { env })
      .then(({ stdout }) => stdout.split(/\s+/).filter(Boolean))
      .then((pids) => (pids.length ? run('kill', ['-KILL', ...pids], { env }) : null))
      .catch(() => {});
    await run('ip', ['netns', 'delete', this.namespace], { env }).catch(() => {});
    await run('ip', ['link', 'delete', this.tap], { env }).catch(() => {});
    await rm(this.scriptDir, { recursive: true, force: true });
  }
}

/** Whether the host itself gets an answer to one ping of `address` (tried `attempts` times). */
export async function hostPings(address: string, attempts = 3): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    try {
      await run('busybox', ['ping', '-c', '1', '-W', '1', address], { env, timeout: 5000 });
      return true;
    } catch {
      // no answer this time
    }
  }
  return false;
}
