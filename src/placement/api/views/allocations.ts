import type { Microversion } from '../../../common/http/microversion.js';
import type { Consumer, ConsumerAllocation, ProviderAllocation } from '../../allocations/read.js';
import { UNKNOWN_CONSUMER_TYPE } from '../../usages.js';

type ByProvider = Record<string, { resources: Record<string, number>; generation: number }>;

/** A consumer's allocations by provider; who owns them from 1.12, generation 1.28, type 1.38. */
export function consumerAllocationsView(
  consumer: Consumer | undefined,
  allocations: ConsumerAllocation[],
  version: Microversion,
) {
  const byProvider: ByProvider = {};
  for (const allocation of allocations) {
    const entry = (byProvider[allocation.resource_provider_uuid] ??= { resources: {}, generation: 0 });
    entry.resources[allocation.resource_class] = allocation.used;
    entry.generation = allocation.resource_provider_generation;
  }
  if (!consumer || allocations.length === 0 || !version.atLeast('1.12')) return { allocations: byProvider };
  return {
    allocations: byProvider,
    project_id: consumer.project_id,
    user_id: consumer.user_id,
    ...(version.atLeast('1.28') ? { consumer_generation: consumer.generation } : {}),
    ...(version.atLeast('1.38') ? { consumer_type: consumer.consumer_type ?? UNKNOWN_CONSUMER_TYPE } : {}),
  };
}

/** A provider's allocations by consumer, with the consumers' generations from 1.28. */
export function providerAllocationsView(
  allocations: ProviderAllocation[],
  generation: number,
  version: Microversion,
) {
  const byConsumer: Record<string, { resources: Record<string, number>; consumer_generation?: number }> = {};
  for (const allocation of allocations) {
    const entry = (byConsumer[allocation.consumer_uuid] ??= { resources: {} });
    entry.resources[allocation.resource_class] = allocation.used;
    if (version.atLeast('1.28')) entry.consumer_generation = allocation.consumer_generation;
  }
  return { allocations: byConsumer, resource_provider_generation: generation };
}
