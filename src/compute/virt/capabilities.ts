/**
 * What a driver can do, checked by callers instead of the driver's type (Nova's
 * `ComputeDriver.capabilities`): the API refuses an action early with upstream's message when the
 * host cannot do it, and the agent reports the matching traits to placement so the scheduler can
 * pick a host that can.
 */
export interface VirtCapabilities {
  /** The driver keeps a cache of base images and can pre-cache one (`cacheImage`). */
  hasImagecache: boolean;
  /** An instance of a failed host can be rebuilt here (evacuate). */
  supportsEvacuate: boolean;
  /** A resize or cold migration may pick the instance's own host. */
  supportsMigrateToSameHost: boolean;
  /** Network interfaces can be hot-plugged (`attachInterface` / `detachInterface`). */
  supportsAttachInterface: boolean;
  /** Devices can carry user tags that the guest sees in its metadata. */
  supportsDeviceTagging: boolean;
  supportsTaggedAttachInterface: boolean;
  supportsTaggedAttachVolume: boolean;
  /** An attached volume can grow while attached. */
  supportsExtendVolume: boolean;
  /** One volume may be attached to several guests. */
  supportsMultiattach: boolean;
  /** Rescue of a volume-backed instance. */
  supportsBfvRescue: boolean;
  /** Live migration between hosts of this driver. */
  supportsLiveMigration: boolean;
  /** Disk formats the driver can boot (Glance `disk_format` values). */
  imageTypes: readonly string[];
}

/** The os-traits name of each boolean capability, as `nova/virt/driver.py` maps them. */
const capabilityTraitNames: Partial<Record<keyof VirtCapabilities, string>> = {
  supportsAttachInterface: 'COMPUTE_NET_ATTACH_INTERFACE',
  supportsDeviceTagging: 'COMPUTE_DEVICE_TAGGING',
  supportsTaggedAttachInterface: 'COMPUTE_NET_ATTACH_INTERFACE_WITH_TAG',
  supportsTaggedAttachVolume: 'COMPUTE_VOLUME_ATTACH_WITH_TAG',
  supportsExtendVolume: 'COMPUTE_VOLUME_EXTEND',
  supportsMultiattach: 'COMPUTE_VOLUME_MULTI_ATTACH',
  supportsMigrateToSameHost: 'COMPUTE_SAME_HOST_COLD_MIGRATE',
  supportsBfvRescue: 'COMPUTE_RESCUE_BFV',
};

/** Every image type trait Nova knows; a driver's `imageTypes` picks among them. */
const imageTypeTraits: Record<string, string> = {
  aki: 'COMPUTE_IMAGE_TYPE_AKI',
  ami: 'COMPUTE_IMAGE_TYPE_AMI',
  ari: 'COMPUTE_IMAGE_TYPE_ARI',
  iso: 'COMPUTE_IMAGE_TYPE_ISO',
  qcow2: 'COMPUTE_IMAGE_TYPE_QCOW2',
  raw: 'COMPUTE_IMAGE_TYPE_RAW',
  vdi: 'COMPUTE_IMAGE_TYPE_VDI',
  vhd: 'COMPUTE_IMAGE_TYPE_VHD',
  vhdx: 'COMPUTE_IMAGE_TYPE_VHDX',
  vmdk: 'COMPUTE_IMAGE_TYPE_VMDK',
  ploop: 'COMPUTE_IMAGE_TYPE_PLOOP',
};

/**
 * The standard traits the agent sets (true) or clears (false) on its resource provider for these
 * capabilities (Nova's `capabilities_as_traits`); traits it does not manage are left alone.
 */
export function capabilityTraits(capabilities: VirtCapabilities): Record<string, boolean> {
  const traits: Record<string, boolean> = {};
  for (const [capability, trait] of Object.entries(capabilityTraitNames)) {
    traits[trait] = capabilities[capability as keyof VirtCapabilities] === true;
  }
  for (const [imageType, trait] of Object.entries(imageTypeTraits)) {
    traits[trait] = capabilities.imageTypes.includes(imageType);
  }
  return traits;
}
