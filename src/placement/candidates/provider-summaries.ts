import { capacityOf, type SearchData } from './search-data.js';

/** What the answer tells about one provider of the trees it uses. */
export interface ProviderSummary {
  uuid: string;
  parentUuid: string | null;
  rootUuid: string;
  /** Every inventory of the provider (none for a provider without inventory). */
  resources: { resourceClass: string; capacity: number; used: number }[];
  traits: string[];
}

/** Summaries of the providers, in the given order, from their inventories and traits. */
export function providerSummaries(data: SearchData, providerIds: number[]): ProviderSummary[] {
  const { providers } = data;
  const shown = new Set(providerIds);
  const resourcesByProvider = new Map<number, ProviderSummary['resources']>();
  for (const inventories of data.inventories.values()) {
    for (const inventory of inventories) {
      if (!shown.has(inventory.providerId)) continue;
      const resources = resourcesByProvider.get(inventory.providerId) ?? [];
      resourcesByProvider.set(inventory.providerId, resources);
      resources.push({
        resourceClass: inventory.resourceClass,
        capacity: capacityOf(inventory),
        used: inventory.used,
      });
    }
  }
  return providerIds.map((id) => {
    const provider = providers.get(id)!;
    return {
      uuid: provider.uuid,
      parentUuid: provider.parentId === null ? null : providers.get(provider.parentId)!.uuid,
      rootUuid: providers.get(provider.rootId)!.uuid,
      resources: resourcesByProvider.get(id) ?? [],
      traits: [...(data.traitsByProvider.get(id) ?? [])].sort(),
    };
  });
}
