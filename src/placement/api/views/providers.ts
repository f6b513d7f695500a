import type { Microversion } from '../../../common/http/microversion.js';
import type { Provider } from '../../providers/lookup.js';

/** A provider's links: more relations as microversions added them. */
function providerLinks(mount: string, uuid: string, version: Microversion) {
  const self = `${mount}/resource_providers/${uuid}`;
  const relations = ['inventories', 'usages'];
  if (version.atLeast('1.1')) relations.push('aggregates');
  if (version.atLeast('1.6')) relations.push('traits');
  if (version.atLeast('1.11')) relations.push('allocations');
  return [{ rel: 'self', href: self }, ...relations.map((rel) => ({ rel, href: `${self}/${rel}` }))];
}

/** A provider as GET shows it; its tree (parent and root) from 1.14. */
export function providerView(mount: string, provider: Provider, version: Microversion) {
  return {
    uuid: provider.uuid,
    name: provider.name,
    generation: provider.generation,
    links: providerLinks(mount, provider.uuid, version),
    ...(version.atLeast('1.14')
      ? {
          parent_provider_uuid: provider.parent_provider_uuid,
          root_provider_uuid: provider.root_provider_uuid,
        }
      : {}),
  };
}
