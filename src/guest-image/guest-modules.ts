/**
 * The kernel modules the guest loads at boot, by name; the build adds what they depend on and
 * orders them. Debian builds all of these as modules.
 */
export const GUEST_MODULES = [
  // virtio devices: NIC (this order was seen working), disks, SCSI controller, entropy source
  'virtio_ring',
  'virtio',
  'virtio_pci',
  'failover',
  'net_failover',
  'virtio_net',
  'virtio_blk',
  'virtio_scsi',
  'virtio_rng',
  // the config drive: a cdrom or disk on IDE, SATA or SCSI, ISO9660 or VFAT
  'sd_mod',
  'sr_mod',
  'ata_piix',
  'ahci',
  'isofs',
  'vfat',
  'nls_cp437',
  'nls_ascii',
  'nls_utf8',
  'nls_iso8859_1',
  // volumes formatted by a user or Tempest (busybox mke2fs makes ext2, which ext4 mounts)
  'crc32c_generic',
  'ext4',
  // the ACPI power button, so QEMU's system_powerdown shuts the guest down cleanly (acpid)
  'button',
  'evdev',
] as const;

/**
 * Parameters for some modules. SCSI scanning is made synchronous so the cdrom of a config drive
 * exists once the modules are loaded, instead of being looked for with a guessed delay.
 */
export const MODULE_PARAMETERS: Readonly<Record<string, string>> = { scsi_mod: 'scan=sync' };
