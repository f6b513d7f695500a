import { pythonText } from '../api/engine/validators.js';
import { NeutronError, conflict, notFound } from '../errors.js';

/**
 * neutron-lib's exceptions of the L3 service (neutron_lib/exceptions/l3.py, extraroute.py and
 * the core ones it raises), with upstream's names and messages.
 */

/** neutron-lib's BadRequest: `Bad <resource> request: <msg>.` */
export function l3BadRequest(resource: 'router' | 'floatingip' | 'port', message: string): NeutronError {
  return new NeutronError(400, 'BadRequest', `Bad ${resource} request: ${message}.`);
}

export const routerNotFound = (routerId: string) =>
  notFound('RouterNotFound', `Router ${routerId} could not be found`);

export const floatingIpNotFound = (floatingIpId: string) =>
  notFound('FloatingIPNotFound', `Floating IP ${floatingIpId} could not be found`);

export const routerInUse = (routerId: string, reason = 'still has ports') =>
  conflict('RouterInUse', `Router ${routerId} ${reason}`);

export const routerInterfaceNotFound = (routerId: string, portId: string) =>
  notFound('RouterInterfaceNotFound', `Router ${routerId} does not have an interface with id ${portId}`);

export const routerInterfaceNotFoundForSubnet = (routerId: string, subnetId: string) =>
  notFound('RouterInterfaceNotFoundForSubnet', `Router ${routerId} has no interface on subnet ${subnetId}`);

export const routerInterfaceInUseByFloatingIp = (routerId: string, subnetId: string) =>
  conflict(
    'RouterInterfaceInUseByFloatingIP',
    `Router interface for subnet ${subnetId} on router ${routerId} cannot be deleted, as it is required by one or more floating IPs.`,
  );

export const routerInterfaceInUseByRoute = (routerId: string, subnetId: string) =>
  conflict(
    'RouterInterfaceInUseByRoute',
    `Router interface for subnet ${subnetId} on router ${routerId} cannot be deleted, as it is required by one or more routes.`,
  );

export const routerExternalGatewayInUseByFloatingIp = (routerId: string, networkId: string) =>
  conflict(
    'RouterExternalGatewayInUseByFloatingIp',
    `Gateway cannot be updated for router ${routerId}, since a gateway to external network ${networkId} is required by one or more floating IPs.`,
  );

export const externalGatewayForFloatingIpNotFound = (subnetId: string, networkId: string, portId: string) =>
  notFound(
    'ExternalGatewayForFloatingIPNotFound',
    `External network ${networkId} is not reachable from subnet ${subnetId}.  Therefore, cannot associate Port ${portId} with a Floating IP.`,
  );

export const floatingIpPortAlreadyAssociated = (details: {
  floatingIpAddress: string | null;
  floatingIpId: string;
  portId: string;
  fixedIp: string;
  networkId: string;
}) =>
  conflict(
    'FloatingIPPortAlreadyAssociated',
    `Cannot associate floating IP ${pythonText(details.floatingIpAddress)} (${details.floatingIpId}) with port ${details.portId} using fixed IP ${details.fixedIp}, as that fixed IP already has a floating IP on external network ${details.networkId}.`,
  );

/** extraroute's InvalidRoutes (an InvalidInput with its own message). */
export const invalidRoutes = (routes: unknown, reason: string) =>
  new NeutronError(400, 'InvalidRoutes', `Invalid format for routes: ${pythonText(routes)}, ${reason}`);

/** The `router_route` quota (routes per router), checked as Neutron's limit_check. */
export const routeQuotaExceeded = () =>
  conflict('OverQuota', "Quota exceeded for resources: ['router_route'].");

export const portInUse = (networkId: string, portId: string, deviceId: string) =>
  conflict(
    'PortInUse',
    `Unable to complete operation on port ${portId} for network ${networkId}. Port already has an attached device ${deviceId}.`,
  );

export const subnetMismatchForPort = (portId: string, subnetId: string) =>
  new NeutronError(
    400,
    'SubnetMismatchForPort',
    `Subnet on port ${portId} does not match the requested subnet ${subnetId}.`,
  );

export const externalIpAddressExhausted = (networkId: string) =>
  new NeutronError(
    400,
    'ExternalIpAddressExhausted',
    `Unable to find any IP address on external network ${networkId}.`,
  );

export const networkNotFound = (networkId: string) =>
  notFound('NetworkNotFound', `Network ${networkId} could not be found.`);

export const subnetNotFound = (subnetId: string) =>
  notFound('SubnetNotFound', `Subnet ${subnetId} could not be found.`);

export const portNotFound = (portId: string) =>
  notFound('PortNotFound', `Port ${portId} could not be found.`);
