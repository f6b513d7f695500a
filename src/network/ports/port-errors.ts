import { NeutronError, conflict, invalidInput, notFound } from '../errors.js';

/** neutron-lib's errors about ports, with their messages. */

export const portNotFound = (id: string) => notFound('PortNotFound', `Port ${id} could not be found.`);

export const macAddressInUse = (networkId: string, mac: string) =>
  conflict(
    'MacAddressInUse',
    `Unable to complete operation for network ${networkId}. The mac address ${mac} is in use.`,
  );

export const macAddressGenerationFailure = (networkId: string) =>
  new NeutronError(
    503,
    'MacAddressGenerationFailure',
    `Unable to generate unique mac on network ${networkId}.`,
  );

export const invalidIpForSubnet = (ip: string) =>
  new NeutronError(400, 'InvalidIpForSubnet', `IP address ${ip} is not a valid IP for the specified subnet.`);

export const invalidIpForNetwork = (ip: string) =>
  new NeutronError(
    400,
    'InvalidIpForNetwork',
    `IP address ${ip} is not a valid IP for any of the subnets on the specified network.`,
  );

export const allocationOnAutoAddressSubnet = (ip: string, subnetId: string) =>
  new NeutronError(
    400,
    'AllocationOnAutoAddressSubnet',
    `IPv6 address ${ip} cannot be directly assigned to a port on subnet ${subnetId} as the subnet is configured for automatic addresses`,
  );

export const ipAllocationRequiresSubnets = () => invalidInput('IP allocation requires subnets for network');

export const portSecurityAndIpRequired = () =>
  new NeutronError(
    400,
    'PortSecurityAndIPRequiredForSecurityGroups',
    'Port security must be enabled and port must have an IP address in order to use security groups.',
  );

export const portSecurityPortHasSecurityGroup = () =>
  conflict(
    'PortSecurityPortHasSecurityGroup',
    'Port has security group associated. Cannot disable port security or IP address until security group is removed.',
  );

export const addressPairAndPortSecurityRequired = () =>
  conflict(
    'AddressPairAndPortSecurityRequired',
    'Port Security must be enabled in order to have allowed address pairs on a port.',
  );

export const securityGroupNotFound = (ids: string) =>
  notFound('SecurityGroupNotFound', `Security group ${ids} does not exist`);

export const deviceIdNotOwnedByTenant = (deviceId: string) =>
  conflict(
    'DeviceIDNotOwnedByTenant',
    `The following device_id ${deviceId} is not owned by your project or matches another project router.`,
  );

export const unsupportedPortDeviceOwner = (operation: string, portId: string, owner: string) =>
  conflict(
    'UnsupportedPortDeviceOwner',
    `Operation ${operation} is not supported for device_owner ${owner} on port ${portId}.`,
  );

export const portBound = (portId: string, vifType: string, oldMac: string, newMac: string) =>
  conflict(
    'PortBound',
    `Unable to complete operation on port ${portId}, port is already bound, port type: ${vifType}, old_mac ${oldMac}, new_mac ${newMac}.`,
  );
