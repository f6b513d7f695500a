/**
 * The image properties a guest image of ours is registered with: who logs in, what it is, and
 * the BIOS and virtio devices it boots with (Nova's hw_* properties).
 */
export function guestImageProperties(image: {
  adminUser: string;
  distro: string;
  version: string;
}): Record<string, string> {
  return {
    os_admin_user: image.adminUser,
    os_type: 'linux',
    os_distro: image.distro,
    os_version: image.version,
    architecture: 'x86_64',
    hw_firmware_type: 'bios',
    hw_disk_bus: 'virtio',
    hw_vif_model: 'virtio',
  };
}
