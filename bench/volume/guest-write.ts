// Part 2 of bench/volume: sequential write speed inside a real guest to an attached volume, next
// to the same write on the host. A cloud with real QEMU guests (as the conformance SSH stage
// starts it; as root) boots the default image with a floating IP; a 1 GiB volume of the `file`
// backend is attached to it through the compute API; then, in alternating rounds,
//  - guest: `dd if=/dev/zero of=/dev/vdX bs=1M count=N oflag=direct` over SSH, timed by the
//    guest's own clock (/proc/uptime: busybox's dd prints no rate), and
//  - host: the same dd to a file beside the backend's volume files, timed by GNU dd.
// The figure is the ratio of the medians (guest / host).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sshOutput, waitForSsh, type SshTarget } from '../boot/ssh-probe.js';
import { allowSsh, flavorNamed, one, type Json } from '../gateway-api.js';
import type { CloudApi } from './volume-api.js';

const BOOT_TIMEOUT_MS = 300_000;
const ATTACH_TIMEOUT_MS = 120_000;
const IMAGE_TIMEOUT_MS = 900_000;
const FLAVOR = 'm1.tiny';

export interface WriteFigures {
  guestMbPerS: number[];
  hostMbPerS: number[];
  device: string;
}

/** A guest to write from: the server, its floating IP, and where SSH reaches it. */
interface Guest {
  serverId: string;
  floatingIpId: string;
  target: SshTarget;
}

async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting until ${what}`);
    await sleep(500);
  }
}

/** The default image `stratus up` builds and registers for real guests. */
function waitForImage(api: CloudApi): Promise<string> {
  return poll('the default image stratus-guest is active', IMAGE_TIMEOUT_MS, async () => {
    const [image] = (await api.send('GET', '/image/v2/images?name=stratus-guest')).images as Json[];
    return image?.status === 'active' ? String(image.id) : undefined;
  });
}

/** Boots the default image with a key pair, SSH open, and a floating IP; waits until SSH works. */
async function bootGuest(api: CloudApi, keyFile: string): Promise<Guest> {
  await allowSsh(api, keyFile);
  const imageId = await waitForImage(api);
  const flavor = await flavorNamed(api, FLAVOR);
  const privateNet = await one(api, '/network/v2.0/networks', 'networks', 'private');
  const publicNet = await one(api, '/network/v2.0/networks', 'networks', 'public');
  const { port } = await api.send('POST', '/network/v2.0/ports', {
    port: { network_id: privateNet.id, name: 'bench-volume' },
  });
  const { floatingip } = await api.send('POST', '/network/v2.0/floatingips', {
    floatingip: { floating_network_id: publicNet.id, port_id: (port as Json).id },
  });
  const { server } = await api.send('POST', '/compute/v2.1/servers', {
    server: {
      name: 'bench-volume',
      imageRef: imageId,
      flavorRef: flavor.id,
      key_name: 'bench',
      networks: [{ port: (port as Json).id }],
    },
  });
  const guest: Guest = {
    serverId: String((server as Json).id),
    floatingIpId: String((floatingip as Json).id),
    target: { host: String((floatingip as Json).floating_ip_address), port: 22 },
  };
  await poll('the server is ACTIVE', BOOT_TIMEOUT_MS, async () => {
    const shown = (await api.send('GET', `/compute/v2.1/servers/${guest.serverId}`)).server as Json;
    if (shown.status === 'ERROR') throw new Error(`the server went to ERROR: ${JSON.stringify(shown.fault)}`);
    return shown.status === 'ACTIVE' ? true : undefined;
  });
  await waitForSsh(guest.target, keyFile, BOOT_TIMEOUT_MS);
  return guest;
}

const blockDevices = async (guest: Guest, keyFile: string) =>
  (await sshOutput(guest.target, keyFile, 'ls /sys/block'))
    .split(/\s+/)
    .filter((name) => /^[sv]d[a-z]$/.test(name));

/**
 * Creates a 1 GiB volume, attaches it through the compute API and waits until it is in-use and
 * a new disk shows in the guest. Says plainly what does not work when attach does not.
 */
async function attachVolume(
  api: CloudApi,
  guest: Guest,
  keyFile: string,
): Promise<{ volumeId: string; device: string }> {
  const before = await blockDevices(guest, keyFile);
  const { volume } = await api.volume('POST', '/volumes', { volume: { size: 1, name: 'bench-volume' } });
  const volumeId = String((volume as Json).id);
  const statusOf = async () =>
    String(((await api.volume('GET', `/volumes/${volumeId}`)).volume as Json).status);
  await poll('the volume is available', ATTACH_TIMEOUT_MS, async () => {
    const status = await statusOf();
    if (status.startsWith('error')) throw new Error(`the volume went to ${status}`);
    return status === 'available' ? true : undefined;
  });
  try {
    await api.send('POST', `/compute/v2.1/servers/${guest.serverId}/os-volume_attachments`, {
      volumeAttachment: { volumeId },
    });
    await poll('the volume is in-use', ATTACH_TIMEOUT_MS, async () => {
      const status = await statusOf();
      if (status.startsWith('error')) throw new Error(`the volume went to ${status}`);
      return status === 'in-use' ? true : undefined;
    });
    const device = await poll('a new disk shows in the guest', ATTACH_TIMEOUT_MS, async () =>
      (await blockDevices(guest, keyFile)).find((name) => !before.includes(name)),
    );
    return { volumeId, device };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`volume attach to a real guest does not work yet, so there is no figure: ${why}`, {
      cause: error,
    });
  }
}

/** MB/s of one `dd ... oflag=direct` of `megabytes` to the guest's `device`, by the guest's clock. */
async function guestWrite(guest: Guest, keyFile: string, device: string, megabytes: number): Promise<number> {
  const script =
    `read a rest < /proc/uptime; dd if=/dev/zero of=/dev/${device} bs=1M count=${megabytes} oflag=direct ` +
    `2>/dev/null || exit 1; read b rest < /proc/uptime; echo $a $b`;
  const [start, end] = (await sshOutput(guest.target, keyFile, `sudo sh -c '${script}'`))
    .trim()
    .split(' ')
    .map(Number);
  if (!(end > start)) throw new Error(`the guest's dd took no measurable time (${start} .. ${end})`);
  return megabytes / (end - start);
}

/** MB/s of GNU dd writing `megabytes` to `path` with O_DIRECT, as dd itself reports the time. */
function hostWrite(path: string, megabytes: number): number {
  const dd = spawnSync('dd', ['if=/dev/zero', `of=${path}`, 'bs=1M', `count=${megabytes}`, 'oflag=direct'], {
    encoding: 'utf8',
  });
  rmSync(path, { force: true });
  const seconds = /copied, ([\d.]+) s/.exec(dd.stderr)?.[1];
  if (dd.status !== 0 || !seconds) throw new Error(`dd on the host failed: ${dd.stderr}`);
  return megabytes / Number(seconds);
}

/**
 * Boots the guest, attaches the volume and writes `megabytes` `rounds` times each way; the host
 * file lies in `volumesDir`, beside the backend's volume files, on the same file system.
 */
export async function measureWrites(
  api: CloudApi,
  options: { keyFile: string; volumesDir: string; megabytes: number; rounds: number },
): Promise<WriteFigures> {
  const { keyFile, volumesDir, megabytes, rounds } = options;
  const guest = await bootGuest(api, keyFile);
  try {
    const { volumeId, device } = await attachVolume(api, guest, keyFile);
    const figures: WriteFigures = { guestMbPerS: [], hostMbPerS: [], device };
    for (let round = 1; round <= rounds; round++) {
      figures.guestMbPerS.push(await guestWrite(guest, keyFile, device, megabytes));
      figures.hostMbPerS.push(hostWrite(join(volumesDir, 'bench-host-write'), megabytes));
      console.log(
        `round ${round}: guest ${figures.guestMbPerS.at(-1)!.toFixed(1)} MB/s, host ${figures.hostMbPerS.at(-1)!.toFixed(1)} MB/s`,
      );
    }
    await api.send('DELETE', `/compute/v2.1/servers/${guest.serverId}/os-volume_attachments/${volumeId}`);
    return figures;
  } finally {
    await api.send('DELETE', `/compute/v2.1/servers/${guest.serverId}`, undefined, {});
    await api.send('DELETE', `/network/v2.0/floatingips/${guest.floatingIpId}`, undefined, {});
  }
}
