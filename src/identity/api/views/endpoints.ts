import type { Endpoint } from '../../catalog/endpoints.js';
import { entityLinks } from '../links.js';

/** An endpoint as Keystone shows it; `region` repeats region_id for v2-era clients. */
export function endpointView(baseUrl: string, endpoint: Endpoint) {
  return {
    ...endpoint.extra,
    id: endpoint.id,
    interface: endpoint.interface,
    region_id: endpoint.region_id,
    service_id: endpoint.service_id,
    url: endpoint.url,
    enabled: endpoint.enabled,
    region: endpoint.region_id,
    links: entityLinks(baseUrl, `endpoints/${endpoint.id}`),
  };
}
