import type { Region } from '../../catalog/regions.js';
import { entityLinks } from '../links.js';

/** A region as Keystone shows it: extras first, then its attributes and links. */
export function regionView(baseUrl: string, region: Region) {
  return {
    ...region.extra,
    id: region.id,
    description: region.description,
    parent_region_id: region.parent_region_id,
    links: entityLinks(baseUrl, `regions/${region.id}`),
  };
}
