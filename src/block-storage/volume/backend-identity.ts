/**
 * What every Stratus backend says of itself in its capability report (Cinder's `vendor_name`,
 * `driver_version` and `storage_protocol`), which get-pools and capabilities show and which
 * operators may put in a volume type's extra specs.
 */
export const VENDOR_NAME = 'Stratus';

/** The drivers are versioned with Stratus; this changes when what they store or export does. */
export const DRIVER_VERSION = '1.0.0';

/**
 * How a compute host reaches the volumes: every driver exports a volume over NBD to another host
 * (a host of its own opens the file or device directly). Cinder has no constant for NBD; the name
 * is the `driver_volume_type` of the connection info, as Cinder's `ceph` and `scaleio` are.
 */
export const STORAGE_PROTOCOL = 'nbd';
