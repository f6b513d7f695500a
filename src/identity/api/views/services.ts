import type { Service } from '../../catalog/services.js';
import { entityLinks } from '../links.js';

/** A service as Keystone shows it: name, description and other extras, then its attributes. */
export function serviceView(baseUrl: string, service: Service) {
  return {
    name: '',
    ...service.extra,
    id: service.id,
    type: service.type,
    enabled: service.enabled,
    links: entityLinks(baseUrl, `services/${service.id}`),
  };
}
