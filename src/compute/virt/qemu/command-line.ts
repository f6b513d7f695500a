import { resolve } from 'node:path';
import type { GuestDisk, GuestNic, GuestRecord } from './guest-record.js';
import { disksInBootOrder } from './guest-record.js';
import type { InstanceFiles } from './instance-files.js';
import type { Accelerator } from './kvm-probe.js';

/** How to launch this once: under which accelerator, VNC where, and whether to load saved memory. */
export interface LaunchOptions {
  accel: Accelerator;
  vncListen: string;
  /** Start from memory saved by suspend (`-incoming`), paused until the driver says `cont`. */
  incomingStatePath?: string;
}

/** QEMU tries VNC displays from :0 up to this one until it finds a free port (5900 + display). */
const lastVncDisplay = 1000;

/** QEMU's id of the block node behind a disk; device ids and node names stay stable across hot-plug. */
export const blockNodeName = (disk: GuestDisk) => `drive-${disk.device}`;
export const diskDeviceId = (disk: GuestDisk) => `disk-${disk.device}`;
export const netdevId = (nic: GuestNic) => `net-${nic.portId}`;
export const nicDeviceId = (nic: GuestNic) => `nic-${nic.portId}`;

/** The file of a disk: local disks are named relative to the instance folder, which may move (resize). */
export const diskPath = (disk: GuestDisk, files: InstanceFiles) => resolve(files.dir, disk.path);

/** The `blockdev-add` arguments of a disk, as an object for QMP and as text for the command line. */
export function blockdevOptions(disk: GuestDisk, files: InstanceFiles): Record<string, unknown> {
  return {
    'node-name': blockNodeName(disk),
    driver: disk.format,
    'read-only': disk.readOnly,
    file: protocolOptions(disk, files),
  };
}

/** Where the disk's bytes are: a file or block device of this host, or an NBD export. */
function protocolOptions(disk: GuestDisk, files: InstanceFiles): Record<string, unknown> {
  if (disk.nbd) {
    const { host, port, name } = disk.nbd;
    return { driver: 'nbd', server: { type: 'inet', host, port: String(port) }, export: name };
  }
  const path = diskPath(disk, files);
  return { driver: path.startsWith('/dev/') ? 'host_device' : 'file', filename: path };
}

/** The `device_add` arguments of a disk: a CD-ROM on IDE for the config drive (Nova's default), else virtio. */
export function diskDeviceOptions(disk: GuestDisk, bootIndex: number | null): Record<string, unknown> {
  const device: Record<string, unknown> =
    disk.role === 'config'
      ? { driver: 'ide-cd', drive: blockNodeName(disk), id: diskDeviceId(disk) }
      : { driver: 'virtio-blk-pci', drive: blockNodeName(disk), id: diskDeviceId(disk) };
  if (bootIndex !== null) device.bootindex = bootIndex;
  return device;
}

/** The `netdev_add` arguments of a NIC: a TAP QEMU creates itself, which the network agent then plugs. */
export function netdevOptions(nic: GuestNic): Record<string, unknown> {
  return { type: 'tap', id: netdevId(nic), ifname: nic.tapName, script: 'no', downscript: 'no' };
}

/**
 * The `device_add` arguments of a NIC. No option ROM: guests boot from their disk, and iPXE's
 * network boot attempts would only slow an emulated boot down.
 */
export function nicDeviceOptions(nic: GuestNic): Record<string, unknown> {
  return {
    driver: 'virtio-net-pci',
    netdev: netdevId(nic),
    mac: nic.macAddress,
    id: nicDeviceId(nic),
    romfile: '',
  };
}

/** QEMU's `key=value,...` option syntax for a flat or one-level nested object (commas doubled). */
export function optionString(options: Record<string, unknown>): string {
  const parts: string[] = [];
  const add = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) add(`${prefix}.${key}`, inner);
    } else {
      const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
      parts.push(`${prefix}=${text.replaceAll(',', ',,')}`);
    }
  };
  const { driver, type, ...rest } = options;
  const head = driver ?? type;
  if (head !== undefined) parts.push(String(head));
  for (const [key, value] of Object.entries(rest)) add(key, value);
  return parts.join(',');
}

/**
 * The command line of a guest's QEMU. It daemonizes once ready (so the guest outlives the agent)
 * and writes its pid; the monitor, serial log and VNC server are the driver's ways in.
 */
export function qemuCommandLine(record: GuestRecord, files: InstanceFiles, options: LaunchOptions): string[] {
  const { instance } = record;
  const args = [
    ...['-name', `guest=${instance.name},debug-threads=on`, '-uuid', instance.uuid],
    // Nova's system information: cloud-init trusts the OpenStack metadata service on x86 only
    // when the product says OpenStack Nova (without a config drive it would give up).
    ...[
      '-smbios',
      `type=1,manufacturer=OpenStack Foundation,product=OpenStack Nova,serial=${instance.uuid},uuid=${instance.uuid},family=Virtual Machine`,
    ],
    ...['-machine', 'pc', '-accel', options.accel, '-cpu', options.accel === 'kvm' ? 'host' : 'max'],
    ...['-m', String(instance.flavor.memoryMb), '-smp', String(instance.flavor.vcpus)],
    ...['-nodefaults', '-no-user-config', '-daemonize', '-pidfile', files.pidFile],
    ...['-qmp', `unix:${files.qmpSocket},server=on,wait=off`],
    ...['-chardev', `file,id=serial0,path=${files.consoleLog},append=on`, '-serial', 'chardev:serial0'],
    ...['-device', 'VGA', '-vnc', `${options.vncListen}:0,to=${lastVncDisplay}`],
    // A guest kernel's panic is reported as a stopped guest, which the driver shows as CRASHED.
    ...['-device', 'pvpanic', '-action', 'panic=pause'],
  ];
  disksInBootOrder(record).forEach((disk, index) => {
    args.push('-blockdev', optionString(blockdevOptions(disk, files)));
    args.push('-device', optionString(diskDeviceOptions(disk, index === 0 ? 1 : null)));
  });
  for (const nic of record.nics) {
    args.push('-netdev', optionString(netdevOptions(nic)));
    args.push('-device', optionString(nicDeviceOptions(nic)));
  }
  if (options.incomingStatePath !== undefined) {
    args.push('-S', '-incoming', `exec:cat ${shellQuote(options.incomingStatePath)}`);
  }
  return args;
}

/** Single-quotes a path for the shell QEMU runs `exec:` migration URIs in. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
