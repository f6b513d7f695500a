import { NeutronError, conflict, notFound } from '../errors.js';

/** neutron-lib's errors about subnets and the networks they are on, with their messages. */

export const networkNotFound = (id: string) =>
  notFound('NetworkNotFound', `Network ${id} could not be found.`);

export const subnetNotFound = (id: string) => notFound('SubnetNotFound', `Subnet ${id} could not be found.`);

/** The API's own 404 for a network the caller sees but may not use (`The resource could not be found.`). */
export const resourceNotFound = () => notFound('HTTPNotFound', 'The resource could not be found.');

/** neutron-lib's BadRequest: `Bad <resource> request: <msg>.` */
export const resourceBadRequest = (resource: string, message: string) =>
  new NeutronError(400, 'BadRequest', `Bad ${resource} request: ${message}.`);

export const subnetInUse = (id: string) =>
  conflict(
    'SubnetInUse',
    `Unable to complete operation on subnet ${id}: One or more ports have an IP allocation from this subnet.`,
  );

export const gatewayIpInUse = (ip: string, portId: string) =>
  conflict('GatewayIpInUse', `Current gateway ip ${ip} already in use by port ${portId}. Unable to update.`);

export const dnsNameserversExhausted = (subnet: string, quota: number) =>
  new NeutronError(
    400,
    'DNSNameServersExhausted',
    `Unable to complete operation for ${subnet}. The number of DNS nameservers exceeds the limit ${quota}.`,
  );

export const hostRoutesExhausted = (subnet: string, quota: number) =>
  new NeutronError(
    400,
    'HostRoutesExhausted',
    `Unable to complete operation for ${subnet}. The number of host routes exceeds the limit ${quota}.`,
  );

export const networkMtuSubnetConflict = (networkId: string, mtu: number) =>
  conflict(
    'NetworkMTUSubnetConflict',
    `MTU of ${networkId} is not valid, subnet requires a minimum of ${mtu}`,
  );

export const networkSubnetPoolAffinity = () =>
  new NeutronError(
    400,
    'NetworkSubnetPoolAffinityError',
    'Subnets hosted on the same network must be allocated from the same subnet pool.',
  );

export const ipAddressGenerationFailure = (networkId: string) =>
  conflict('IpAddressGenerationFailure', `No more IP addresses available on network ${networkId}.`);
