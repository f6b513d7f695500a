import { ServiceError } from '../../common/clients/service-error.js';
import { ApiError, BadRequest, Conflict, Forbidden, NotFound } from '../../common/http/errors.js';

/**
 * Nova's network exceptions (nova/exception.py), with their messages and the status the API
 * answers them with where the API lets them through. Where an exception's status depends on the
 * API (NetworkNotFound is a 400 at server create and a 404 at interface attach), the caller
 * restates it; these carry the most common one.
 */

export class PortNotFound extends NotFound {
  constructor(readonly portId: string) {
    super(`Port id ${portId} could not be found.`);
  }
}

export class NetworkNotFound extends NotFound {
  constructor(readonly networkId: string) {
    super(`Network ${networkId} could not be found.`);
  }
}

/** `PortInUse` (an Invalid, answered 409 by the APIs that let it through). */
export class PortInUse extends Conflict {
  constructor(portId: string) {
    super(`Port ${portId} is still in use.`);
  }
}

export class PortNotUsable extends BadRequest {
  constructor(portId: string, instanceUuid: string) {
    super(`Port ${portId} not usable for instance ${instanceUuid}.`);
  }
}

export class PortRequiresFixedIp extends BadRequest {
  constructor(portId: string) {
    super(`Port ${portId} requires a FixedIP in order to be used.`);
  }
}

/** `NetworkAmbiguous`, worded as `validate_networks` and `allocate_for_instance` raise it. */
export class NetworkAmbiguous extends Conflict {
  constructor() {
    super('Multiple possible networks found, use a Network ID to be more specific.');
  }
}

export class NetworkRequiresSubnet extends BadRequest {
  constructor(networkId: string) {
    super(`Network ${networkId} requires a subnet in order to boot instances on.`);
  }
}

export class UnableToAutoAllocateNetwork extends BadRequest {
  constructor(projectId: string) {
    super(`Unable to automatically allocate a network for project ${projectId}`);
  }
}

export class InterfaceAttachFailedNoNetwork extends BadRequest {
  constructor(projectId: string) {
    super(`No specific network was requested and none are available for project '${projectId}'.`);
  }
}

export class ExternalNetworkAttachForbidden extends Forbidden {
  constructor(networkId: string) {
    super(`It is not allowed to create an interface on external network ${networkId}`);
  }
}

/** `FixedIpAlreadyInUse` as `_create_port_minimal` words it (the address only). */
export class FixedIpAlreadyInUse extends BadRequest {
  constructor(message: string) {
    super(message);
  }
}

export class NoMoreFixedIps extends BadRequest {
  constructor(networkId: string) {
    super(`No fixed IP addresses available for network: ${networkId}`);
  }
}

/** `PortLimitExceeded`, an OverQuota: 403 at the API. */
export class PortLimitExceeded extends Forbidden {
  constructor(message = 'Maximum number of ports exceeded') {
    super(message);
  }
}

export class SecurityGroupNotFound extends NotFound {
  constructor(message: string) {
    super(message);
  }
}

export class SecurityGroupCannotBeApplied extends BadRequest {
  constructor() {
    super('Network requires port_security_enabled and subnet associated in order to apply security groups.');
  }
}

/** `NoUniqueMatch`: a name that several groups have. */
export class NoUniqueMatch extends Conflict {
  constructor(message = 'No Unique Match Found.') {
    super(message);
  }
}

/** `PortBindingFailed`: Neutron could bind the port on no mechanism for this host. */
export class PortBindingFailed extends BadRequest {
  constructor(portId: string) {
    super(`Binding failed for port ${portId}, please check neutron logs for more information.`);
  }
}

/** `VirtualInterfaceCreateException`: a VIF was not plugged in time (or its plugging failed). */
export class VirtualInterfaceCreateException extends Error {
  constructor() {
    super('Virtual Interface creation failed');
    this.name = 'VirtualInterfaceCreateException';
  }
}

/** `InterfaceAttachFailed`: the hypervisor could not hot-plug the port (a 500 at the API). */
export class InterfaceAttachFailed extends ApiError {
  constructor(instanceUuid: string) {
    super(500, `Failed to attach network adapter device to ${instanceUuid}`);
  }
}

/** `InterfaceDetachFailed`. */
export class InterfaceDetachFailed extends BadRequest {
  constructor(instanceUuid: string) {
    super(`Failed to detach network adapter device from ${instanceUuid}`);
  }
}

/** Whether Neutron answered with the error of this NeutronError type (neutronclient's exception class). */
export function isNeutronError(error: unknown, ...types: string[]): error is ServiceError {
  return error instanceof ServiceError && error.code !== undefined && types.includes(error.code);
}

export const isNeutronStatus = (error: unknown, status: number): error is ServiceError =>
  error instanceof ServiceError && error.status === status;
