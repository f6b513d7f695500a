// bench/boot: how long a real guest takes to answer SSH through the cloud, next to the same image
// booted with a bare qemu-system-x86_64 command line on the same machine (target: the cloud adds
// under 1 second). A cloud is started in its own process as `stratus up` runs with real guests
// (virt_driver qemu, the linux data plane; as root), then, after one warm-up boot of each kind,
// BENCH_ROUNDS rounds of:
//  1. cloud: `POST /servers` as demo (the default image, m1.tiny, a config drive, a port on
//     `private` with a floating IP made just before) until `ssh cirros@<floating ip> true` works;
//  2. bare: the image the cloud registered, a qcow2 overlay on it, a config drive with the same
//     key (our writer), QEMU with the cloud's machine, CPU, memory and devices, user-mode
//     networking forwarding a local port to the guest's 22, until `ssh -p <port> ... true` works.
// Both poll SSH the same way (a TCP connection every 100 ms until the banner, then `ssh`), and
// the two kinds alternate so the machine's load drifts over both alike. It prints each figure,
// the medians, and the overhead: cloud - bare, of the medians and within each round.
// Run on demand, as root: `npm run build && node dist/bench/boot/main.js` (BENCH_ROUNDS,
// BENCH_ACCEL: tcg as the e2e tests, or kvm; BENCH_FLAVOR).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { guestImagePaths } from '../../src/compute/default-image.js';
import { freePort } from '../../src/gateway/free-port.js';
import { BENCH_PASSWORD, startCloudProcess, waitForCloud } from '../cloud-process.js';
import { allowSsh, flavorNamed, one, type Json } from '../gateway-api.js';
import { bareBoot, type BareBootSpec, type BootTimes } from './bare-boot.js';
import { cloudBoot, DemoApi, type CloudBootSpec, type CloudBootTimes } from './cloud-boot.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ACCEL = process.env.BENCH_ACCEL ?? 'tcg';
const FLAVOR = process.env.BENCH_FLAVOR ?? 'm1.tiny';
const BOOT_TIMEOUT_MS = 300_000;
/** `stratus up` builds the guest image from Debian's packages before it registers it. */
const IMAGE_TIMEOUT_MS = 900_000;

/** A /24 of 198.18.0.0/15 (RFC 2544, for tests) no address of the host is in, for `public`. */
function freePublicCidr(): string {
  const inUse = spawnSync('ip', ['-o', 'address', 'show'], { encoding: 'utf8' }).stdout;
  for (;;) {
    const prefix = `198.${randomInt(18, 20)}.${randomInt(0, 256)}`;
    if (!inUse.includes(` ${prefix}.`)) return `${prefix}.0/24`;
  }
}

function writeCloudConfig(dataDir: string): void {
  writeFileSync(
    join(dataDir, 'stratus.yaml'),
    [
      'compute:',
      '  virt_driver: qemu',
      `  qemu: { accel: ${ACCEL}, hosts: 1 }`,
      'network:',
      '  driver: linux',
      // Its own tag on the data plane's devices and chains: other clouds may run on this machine.
      `  data_plane_tag: bb${randomBytes(3).toString('hex')}`,
      `  public_cidr: ${freePublicCidr()}`,
      // VNIs apart from those of other clouds on the machine.
      `  vni_ranges: { min: ${randomInt(100_000, 16_000_000)}, max: 16777215 }`,
      '',
    ].join('\n'),
  );
}

async function waitForImage(api: DemoApi): Promise<string> {
  const deadline = performance.now() + IMAGE_TIMEOUT_MS;
  for (;;) {
    const { images } = await api.send('GET', '/image/v2/images?name=stratus-guest');
    const [image] = images as Json[];
    if (image?.status === 'active') return String(image.id);
    if (performance.now() > deadline) throw new Error('the default image was not registered');
    await sleep(2000);
  }
}

/** Key pair, SSH allowed in the default security group, and what every boot names. */
async function prepare(api: DemoApi, dataDir: string) {
  const keyFile = join(dataDir, 'bench-key');
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile], { stdio: 'ignore' });
  const publicKey = await allowSsh(api, keyFile);
  const flavor = await flavorNamed(api, FLAVOR);
  const cloud: CloudBootSpec = {
    imageId: await waitForImage(api),
    flavorId: String(flavor.id),
    privateNetworkId: String((await one(api, '/network/v2.0/networks', 'networks', 'private')).id),
    publicNetworkId: String((await one(api, '/network/v2.0/networks', 'networks', 'public')).id),
    keyName: 'bench',
    keyFile,
    timeoutMs: BOOT_TIMEOUT_MS,
  };
  const bare: BareBootSpec = {
    image: guestImagePaths(dataDir).image,
    accel: ACCEL,
    memoryMb: Number(flavor.ram),
    vcpus: Number(flavor.vcpus),
    publicKey,
    keyFile,
    timeoutMs: BOOT_TIMEOUT_MS,
  };
  return { cloud, bare, flavor };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (value: number) => value.toFixed(2);
const figures = (values: number[]) =>
  `median ${seconds(median(values))} s (${values.map(seconds).join(', ')})`;

async function stopCloud(cloud: ChildProcess): Promise<void> {
  if (cloud.exitCode !== null) return;
  // Ctrl-C's path: the cloud takes its data plane down before it exits.
  const exited = new Promise((resolve) => cloud.once('exit', resolve));
  cloud.kill('SIGTERM');
  await Promise.race([exited, sleep(60_000)]);
  if (cloud.exitCode === null) cloud.kill('SIGKILL');
}

async function main() {
  if (process.getuid?.() !== 0)
    throw new Error('bench/boot runs real guests and a real data plane: run it as root');
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-bench-boot-'));
  chmodSync(dataDir, 0o755); // dnsmasq reads its hosts files as nobody
  writeCloudConfig(dataDir);
  const port = await freePort('127.0.0.1');
  const cloud = startCloudProcess(dataDir, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForCloud(base, 'compute', '/compute/');
    const api = await DemoApi.login(base, BENCH_PASSWORD);
    const { cloud: cloudSpec, bare: bareSpec, flavor } = await prepare(api, dataDir);

    const warmCloud = await cloudBoot(api, cloudSpec, 'bench-warm-up');
    const warmBare = await bareBoot(bareSpec, 'bare-warm-up');
    const clouds: CloudBootTimes[] = [];
    const bares: BootTimes[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      clouds.push(await cloudBoot(api, cloudSpec, `bench-${round}`));
      bares.push(await bareBoot(bareSpec, `bare-${round}`));
      const [cloudRound, bareRound] = [clouds.at(-1)!, bares.at(-1)!];
      console.log(
        `round ${round}: cloud ${seconds(cloudRound.sshSeconds)} s, bare ${seconds(bareRound.sshSeconds)} s`,
      );
    }

    const cloudSsh = median(clouds.map((boot) => boot.sshSeconds));
    const bareSsh = median(bares.map((boot) => boot.sshSeconds));
    console.log(
      `accel ${ACCEL}, ${FLAVOR} (${String(flavor.ram)} MB, ${String(flavor.vcpus)} vCPU), ${ROUNDS} rounds ` +
        'after a warm-up boot of each; on a shared machine the figures are noisy',
    );
    console.log(`cloud_create_to_active_s ${figures(clouds.map((boot) => boot.activeSeconds))}`);
    console.log(`cloud_create_to_ssh_banner_s ${figures(clouds.map((boot) => boot.bannerSeconds))}`);
    console.log(`cloud_create_to_ssh_s ${figures(clouds.map((boot) => boot.sshSeconds))}`);
    console.log(`bare_start_to_ssh_banner_s ${figures(bares.map((boot) => boot.bannerSeconds))}`);
    console.log(`bare_start_to_ssh_s ${figures(bares.map((boot) => boot.sshSeconds))}`);
    console.log(`overhead_s ${seconds(cloudSsh - bareSsh)} (cloud - bare, medians; target < 1 s)`);
    // Each round's two boots ran back to back, under about the same load of the machine.
    const paired = clouds.map((boot, index) => boot.sshSeconds - bares[index].sshSeconds);
    console.log(`overhead_paired_s ${figures(paired)} (cloud - bare within each round)`);
    const discovers = (boots: BootTimes[]) => boots.map((boot) => boot.dhcpDiscovers).join(', ');
    console.log(`dhcp_discovers cloud ${discovers(clouds)}; bare ${discovers(bares)} (1 is none lost)`);
    console.log(
      `cloud_port_and_floating_ip_s ${figures(clouds.map((boot) => boot.prepareSeconds))} (before the clock)`,
    );
    console.log(`warm_up_s cloud ${seconds(warmCloud.sshSeconds)}, bare ${seconds(warmBare.sshSeconds)}`);
  } finally {
    await stopCloud(cloud);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
