import { powerStateNames, type PowerState } from './power-state.js';

/**
 * What a virt driver reports when it cannot do what it was asked. Every error carries a `code`
 * from this set and only JSON-safe own properties, so it crosses the bus as a RemoteError whose
 * `details` say which instance and why.
 */
export const VirtErrorCode = {
  INSTANCE_NOT_FOUND: 'virt.instance_not_found',
  INSTANCE_ALREADY_EXISTS: 'virt.instance_already_exists',
  INVALID_POWER_STATE: 'virt.invalid_power_state',
  NOT_RESCUABLE: 'virt.instance_not_rescuable',
  NOT_IN_RESCUE_MODE: 'virt.instance_not_in_rescue_mode',
  DEVICE_IN_USE: 'virt.device_in_use',
  INTERFACE_ATTACH_FAILED: 'virt.interface_attach_failed',
  NOT_SUPPORTED: 'virt.not_supported',
  DRIVER_NOT_READY: 'virt.driver_not_ready',
  HYPERVISOR_ERROR: 'virt.hypervisor_error',
} as const;

export type VirtErrorCode = (typeof VirtErrorCode)[keyof typeof VirtErrorCode];

/** The base of every virt driver error; callers may catch it to tell driver failures apart. */
export class VirtError extends Error {
  constructor(
    readonly code: VirtErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The hypervisor has no guest for this instance (Nova's InstanceNotFound). */
export class InstanceNotFound extends VirtError {
  constructor(readonly instanceUuid: string) {
    super(VirtErrorCode.INSTANCE_NOT_FOUND, `Instance ${instanceUuid} could not be found.`);
  }
}

/** A guest for this instance already exists on the host (Nova's InstanceExists). */
export class InstanceAlreadyExists extends VirtError {
  constructor(readonly instanceUuid: string) {
    super(VirtErrorCode.INSTANCE_ALREADY_EXISTS, `Instance ${instanceUuid} already exists.`);
  }
}

/** The guest's power state does not allow the operation (pause a stopped guest, resume a running one). */
export class InvalidPowerState extends VirtError {
  constructor(
    readonly instanceUuid: string,
    readonly operation: string,
    readonly powerState: PowerState,
  ) {
    super(
      VirtErrorCode.INVALID_POWER_STATE,
      `Cannot ${operation} instance ${instanceUuid} while its power state is ${powerStateNames[powerState]}.`,
    );
  }
}

/** Rescue refused: the guest is already rescued or in a state that cannot boot a rescue image. */
export class InstanceNotRescuable extends VirtError {
  constructor(
    readonly instanceUuid: string,
    readonly reason: string,
  ) {
    super(VirtErrorCode.NOT_RESCUABLE, `Instance ${instanceUuid} cannot be rescued: ${reason}`);
  }
}

/** Unrescue of a guest that is not rescued (Nova's InstanceNotInRescueMode). */
export class InstanceNotInRescueMode extends VirtError {
  constructor(readonly instanceUuid: string) {
    super(VirtErrorCode.NOT_IN_RESCUE_MODE, `Instance ${instanceUuid} is not in rescue mode`);
  }
}

/** A volume attach whose mountpoint or volume is already attached to the guest. */
export class DeviceInUse extends VirtError {
  constructor(
    readonly instanceUuid: string,
    readonly device: string,
  ) {
    super(VirtErrorCode.DEVICE_IN_USE, `The supplied device ${device} of instance ${instanceUuid} is busy.`);
  }
}

/** An interface attach the hypervisor refused, e.g. the port is already plugged on this host. */
export class InterfaceAttachFailed extends VirtError {
  constructor(
    readonly instanceUuid: string,
    readonly portId: string,
  ) {
    super(
      VirtErrorCode.INTERFACE_ATTACH_FAILED,
      `Failed to attach network adapter device ${portId} to ${instanceUuid}`,
    );
  }
}

/** The driver does not implement this operation; its `capabilities` say so beforehand. */
export class OperationNotSupported extends VirtError {
  constructor(readonly operation: string) {
    super(VirtErrorCode.NOT_SUPPORTED, `The virt driver does not support ${operation}.`);
  }
}

/** An operation before `init(host)` finished: the driver knows no host yet. */
export class DriverNotReady extends VirtError {
  constructor(readonly operation: string) {
    super(VirtErrorCode.DRIVER_NOT_READY, `The virt driver is not initialised; cannot ${operation}.`);
  }
}

/** The hypervisor failed in a way with no more specific error (a crashed QEMU, a full disk). */
export class HypervisorError extends VirtError {
  constructor(message: string) {
    super(VirtErrorCode.HYPERVISOR_ERROR, message);
  }
}
