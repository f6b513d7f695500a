import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecked } from '../../src/common/run-command.js';
import { writeConfigDrive } from '../../src/compute/metadata/config-drive.js';
import type { InstanceMetadataSource } from '../../src/compute/metadata/metadata-source.js';
import { freePort } from '../../src/gateway/free-port.js';
import { dhcpDiscovers } from './dhcp-discovers.js';
import { waitForSsh } from './ssh-probe.js';

/** What a bare boot is given: the same image, size, accelerator and key as the cloud's guest. */
export interface BareBootSpec {
  /** The qcow2 the cloud registered (`stratus image build` output). */
  image: string;
  accel: string;
  memoryMb: number;
  vcpus: number;
  publicKey: string;
  keyFile: string;
  timeoutMs: number;
}

/** Seconds from the start of a boot to its guest's SSH banner and to `ssh true`, and its DHCP discovers. */
export interface BootTimes {
  bannerSeconds: number;
  sshSeconds: number;
  dhcpDiscovers: number;
}

/** A locally administered MAC for the bare guest's NIC. */
const MAC = '52:54:00:be:0c:01';

/**
 * The same image booted as a person would by hand, timed from the first step to `ssh true`: the
 * config drive with the key (our writer, as the cloud's), a qcow2 overlay on the image, and
 * `qemu-system-x86_64` with the cloud's machine, CPU, memory, devices and options, but user-mode
 * networking with SSH forwarded to a port of 127.0.0.1 instead of a TAP on the cloud's bridge.
 */
export async function bareBoot(spec: BareBootSpec, name: string): Promise<BootTimes> {
  const dir = await mkdtemp(join(tmpdir(), 'stratus-bench-boot-'));
  const port = await freePort('127.0.0.1');
  let qemu: ReturnType<typeof spawn> | undefined;
  try {
    const started = performance.now();
    const configDrive = join(dir, 'disk.config');
    const overlay = join(dir, 'disk');
    await writeConfigDrive(configDrive, metadataOf(name, spec.publicKey));
    await runChecked('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', spec.image, overlay]);
    qemu = spawn('qemu-system-x86_64', qemuArguments(spec, { dir, overlay, configDrive, port }), {
      stdio: 'ignore',
    });
    const exited = new AbortController();
    qemu.once('exit', () => exited.abort());
    try {
      const target = { host: '127.0.0.1', port };
      const ready = await waitForSsh(target, spec.keyFile, spec.timeoutMs, exited.signal);
      return {
        bannerSeconds: (ready.bannerAt - started) / 1000,
        sshSeconds: (ready.sshAt - started) / 1000,
        dhcpDiscovers: await dhcpDiscovers(target, spec.keyFile),
      };
    } catch (error) {
      const consoleLog = await readFile(join(dir, 'console.log'), 'utf8').catch(() => '');
      const why = exited.signal.aborted ? `QEMU exited (${qemu.exitCode})` : 'no SSH';
      throw new Error(`bare boot ${name}: ${why}; its console ends with:\n${consoleLog.slice(-1500)}`, {
        cause: error,
      });
    }
  } finally {
    if (qemu && qemu.exitCode === null) {
      const gone = new Promise((resolve) => qemu!.once('exit', resolve));
      qemu.kill('SIGKILL');
      await gone;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/** The cloud's QEMU command line (src/compute/virt/qemu/command-line.ts) less its management parts. */
function qemuArguments(
  spec: BareBootSpec,
  files: { dir: string; overlay: string; configDrive: string; port: number },
): string[] {
  return [
    ...['-machine', 'pc', '-accel', spec.accel, '-cpu', spec.accel === 'kvm' ? 'host' : 'max'],
    ...['-m', String(spec.memoryMb), '-smp', String(spec.vcpus), '-nodefaults', '-no-user-config'],
    ...['-chardev', `file,id=serial0,path=${files.dir}/console.log`, '-serial', 'chardev:serial0'],
    ...['-device', 'VGA', '-display', 'none', '-device', 'pvpanic', '-action', 'panic=pause'],
    ...['-blockdev', `node-name=root,driver=qcow2,file.driver=file,file.filename=${files.overlay}`],
    ...['-device', 'virtio-blk-pci,drive=root,bootindex=1'],
    ...[
      '-blockdev',
      `node-name=config,driver=raw,read-only=on,file.driver=file,file.filename=${files.configDrive}`,
    ],
    ...['-device', 'ide-cd,drive=config'],
    ...['-netdev', `user,id=net0,hostfwd=tcp:127.0.0.1:${files.port}-:22`],
    ...['-device', `virtio-net-pci,netdev=net0,mac=${MAC},romfile=`],
  ];
}

/** What the config drive tells the bare guest: its name and the key, as the cloud's drive does. */
function metadataOf(name: string, publicKey: string): InstanceMetadataSource {
  return {
    uuid: randomUUID(),
    ec2InstanceId: 'i-00000001',
    imageId: null,
    hostname: name,
    displayName: name,
    projectId: 'bench',
    availabilityZone: null,
    launchIndex: 0,
    reservationId: null,
    flavorName: 'bare',
    rootDeviceName: null,
    metadata: {},
    keyPair: { name: 'bench', type: 'ssh', publicKey },
    userData: null,
    ports: [
      {
        id: randomUUID(),
        macAddress: MAC,
        networkId: 'user',
        mtu: null,
        vifType: 'other',
        devName: null,
        fixedIps: [],
        floatingIps: [],
      },
    ],
    securityGroups: [],
    devices: [],
    password: null,
  };
}
