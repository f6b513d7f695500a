import type { NetworkDeps } from '../deps.js';
import { IpAvailabilityHandler } from '../ip-availability/ip-availability-handler.js';
import type { AttributeMap } from './engine/attributes.js';
import type { ResourceDefinition } from './engine/definition.js';
import type { ResourceRouteOptions } from './engine/resource-routes.js';
import { toInteger } from './engine/validators.js';

const readOnly = { allowPost: false, allowPut: false } as const;

/** neutron-lib's network_ip_availability definition. */
export const IP_AVAILABILITY_ATTRIBUTES: AttributeMap = {
  // The network's id keys the record for show and paging; the API shows it as network_id.
  id: { ...readOnly, visible: false },
  network_id: { ...readOnly, sortKey: true },
  network_name: { ...readOnly },
  tenant_id: { ...readOnly },
  project_id: { ...readOnly },
  total_ips: { ...readOnly, filter: false },
  used_ips: { ...readOnly, filter: false },
  subnet_ip_availability: { ...readOnly, filter: false },
  // A filter only: it narrows the subnets counted, and is never shown.
  ip_version: { ...readOnly, convert: toInteger },
};

/** The handler has applied `ip_version` to the subnets it counts; the generic filter lets all through. */
export const IP_AVAILABILITY_OPTIONS: ResourceRouteOptions = {
  filterMatchers: { ip_version: () => true },
};

export function networkIpAvailabilitiesResource(deps: NetworkDeps): ResourceDefinition {
  return {
    singular: 'network_ip_availability',
    plural: 'network_ip_availabilities',
    path: '/network-ip-availabilities',
    attributes: IP_AVAILABILITY_ATTRIBUTES,
    notFound: { type: 'NetworkNotFound', message: (id) => `Network ${id} could not be found.` },
    allowBulk: false,
    operations: ['list', 'show'],
    handler: new IpAvailabilityHandler(deps),
  };
}
