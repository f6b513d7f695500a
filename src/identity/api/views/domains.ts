import { entityLinks } from '../links.js';
import type { Domain } from '../../resources/domains.js';

/** A domain as Keystone stores and shows it, without links: also the policy target. */
export function domainRef(domain: Domain) {
  return {
    ...domain.extra,
    id: domain.id,
    name: domain.name,
    description: domain.description,
    enabled: domain.enabled,
    tags: domain.tags,
    options: domain.options,
  };
}

export function domainView(baseUrl: string, domain: Domain) {
  return { ...domainRef(domain), links: entityLinks(baseUrl, `domains/${domain.id}`) };
}
