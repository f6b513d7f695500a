/** Stable codes of the data plane's failures, for the agent's logs and port faults. */
export const NetworkDriverErrorCode = {
  NETWORK_NOT_WIRED: 'NetworkNotWired',
  DEVICE_NOT_FOUND: 'DeviceNotFound',
  INVALID_SPEC: 'InvalidSpec',
  UNSAFE_HOST_CHANGE: 'UnsafeHostChange',
  HOST_NOT_READY: 'HostNotReady',
  COMMAND_FAILED: 'CommandFailed',
} as const;

export type NetworkDriverErrorCode = (typeof NetworkDriverErrorCode)[keyof typeof NetworkDriverErrorCode];

/** A failure of the network driver; `code` says which. */
export class NetworkDriverError extends Error {
  constructor(
    readonly code: NetworkDriverErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = code;
  }
}

/** A DHCP server, router leg or port names a network whose bridge `ensureNetwork` has not made. */
export class NetworkNotWired extends NetworkDriverError {
  constructor(readonly networkId: string) {
    super(NetworkDriverErrorCode.NETWORK_NOT_WIRED, `Network ${networkId} is not wired on this host`);
  }
}

/** The device a port names (the instance's TAP) does not exist on this host. */
export class DeviceNotFound extends NetworkDriverError {
  constructor(readonly device: string) {
    super(NetworkDriverErrorCode.DEVICE_NOT_FOUND, `Device ${device} does not exist on this host`);
  }
}

/** A spec the driver cannot carry out as given (a name too long, a VLAN without id...). */
export class InvalidSpec extends NetworkDriverError {
  constructor(message: string) {
    super(NetworkDriverErrorCode.INVALID_SPEC, message);
  }
}

/** The spec would change the host's own networking (enslave its uplink, shadow its routes): refused. */
export class UnsafeHostChange extends NetworkDriverError {
  constructor(message: string) {
    super(NetworkDriverErrorCode.UNSAFE_HOST_CHANGE, message);
  }
}

/** The host lacks a tool or kernel feature the driver needs. */
export class HostNotReady extends NetworkDriverError {
  constructor(message: string) {
    super(NetworkDriverErrorCode.HOST_NOT_READY, message);
  }
}

/** A command the driver ran failed. */
export class CommandFailed extends NetworkDriverError {
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(
      NetworkDriverErrorCode.COMMAND_FAILED,
      `${argv.join(' ')} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || 'no message'}`,
    );
  }
}
