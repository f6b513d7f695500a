import type { InstanceSpec } from '../types.js';

/** Lines a fake guest's serial console keeps, oldest dropped first, as a real log rotates. */
export const consoleLogLimit = 1000;

/**
 * The serial console text of a fake guest booting: enough lines of a small Linux boot that
 * `os-getConsoleOutput` with a `length` has something to cut (Tempest asks for 10 lines), and
 * facts of the instance (host name, config drive, key) that a real guest would print.
 */
export function bootLines(instance: InstanceSpec): string[] {
  const lines = [
    'Linux version 6.1.0-fake (stratus@fake) #1 SMP PREEMPT_DYNAMIC',
    `Command line: root=/dev/vda1 ro console=ttyS0`,
    `Memory: ${instance.flavor.memoryMb * 1024}K available`,
    `smpboot: Allowing ${instance.flavor.vcpus} CPUs`,
    'virtio_blk virtio1: [vda] attached',
    'EXT4-fs (vda1): mounted filesystem with ordered data mode',
    'Starting network: udhcpc: lease obtained',
    instance.configDrive
      ? 'cloud-init: found datasource ConfigDrive'
      : 'cloud-init: found datasource OpenStack metadata service',
    `cloud-init: set hostname to ${instance.hostname}`,
  ];
  if (instance.keyData) lines.push(`cloud-init: added ssh key of ${instance.keyName ?? 'the key pair'}`);
  if (instance.userData) lines.push('cloud-init: ran user data');
  lines.push(`${instance.hostname} login: `, '=== fake guest ready ===', `instance ${instance.uuid} booted`);
  return lines;
}

/** Appends lines to a console log, keeping it within `consoleLogLimit`. */
export function appendConsole(log: string[], lines: string[]): void {
  log.push(...lines);
  if (log.length > consoleLogLimit) log.splice(0, log.length - consoleLogLimit);
}
