import { allocationCandidatesQuery } from './allocation-candidates-query.js';
import type { ServiceTransport } from './http-transport.js';
import type {
  AllocationCandidates,
  AllocationRequest,
  CandidatesRequest,
  ConsumerAllocations,
  Inventories,
  ProviderSummary,
  ResourceProvider,
  Resources,
} from './placement-types.js';
import { ServiceError } from './service-error.js';

/** The microversions Nova Zed's report client asks for, call by call (report.py). */
export const PLACEMENT_VERSIONS = {
  /** Allocation candidates and the claims made from them (same_subtree). */
  candidates: '1.36',
  consumerGeneration: '1.28',
  inventoryReservedEqualTotal: '1.26',
  createProviderReturnsPayload: '1.20',
  aggregateGeneration: '1.19',
  nestedProviders: '1.14',
  usages: '1.9',
  resourceClasses: '1.7',
  traits: '1.6',
} as const;

const V = PLACEMENT_VERSIONS;

/** Creating a provider failed because another provider already has its name. */
export class ProviderNameConflict extends Error {
  constructor(
    readonly providerName: string,
    readonly error: ServiceError,
  ) {
    super(`Another resource provider is named ${providerName}: ${error.detail}`);
    this.name = 'ProviderNameConflict';
  }
}

const isStatus = (error: unknown, status: number): error is ServiceError =>
  error instanceof ServiceError && error.status === status;

/** Nova's string test: placement has one code for both kinds of generation conflict. */
const isConsumerGenerationConflict = (error: ServiceError) =>
  error.isConcurrentUpdate && error.detail.includes('consumer generation conflict');

/**
 * A provider generation conflict. Before 1.23 placement gives no code (traits and aggregates
 * are written at older versions), so the message tells it then.
 */
const isGenerationConflict = (error: unknown): error is ServiceError =>
  isStatus(error, 409) &&
  (error.isConcurrentUpdate || (error.code === undefined && /generation/i.test(error.detail)));

/** How many times a claim is made when only a provider's generation moved (a placement-internal race). */
const CLAIM_ATTEMPTS = 3;

/**
 * What the compute agent, the scheduler and the conductor ask of placement, as Nova's
 * SchedulerReportClient does, without its provider-tree cache: callers hold what they need.
 */
export class PlacementClient {
  constructor(private readonly transport: ServiceTransport) {}

  /** A provider by uuid, or null when placement has none. */
  async getProvider(uuid: string): Promise<ResourceProvider | null> {
    try {
      const { body } = await this.transport.request<ResourceProvider>('GET', `/resource_providers/${uuid}`, {
        microversion: V.nestedProviders,
      });
      return body;
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  /** The providers in the tree of `uuid` (none when it does not exist). */
  async getProvidersInTree(uuid: string): Promise<ResourceProvider[]> {
    const { body } = await this.transport.request<{ resource_providers: ResourceProvider[] }>(
      'GET',
      '/resource_providers',
      { query: { in_tree: uuid }, microversion: V.nestedProviders },
    );
    return body.resource_providers;
  }

  async getProviderByName(name: string): Promise<ResourceProvider | null> {
    const { body } = await this.transport.request<{ resource_providers: ResourceProvider[] }>(
      'GET',
      '/resource_providers',
      { query: { name }, microversion: V.nestedProviders },
    );
    return body.resource_providers[0] ?? null;
  }

  /**
   * The provider with this uuid, created (named `name`, under `parentProviderUuid`) when
   * placement has none. Another process creating the same uuid meanwhile is fine; another
   * provider holding the name throws ProviderNameConflict, as Nova's creation fails then.
   */
  async ensureProvider(provider: {
    uuid: string;
    name?: string;
    parentProviderUuid?: string;
  }): Promise<ResourceProvider> {
    const existing = await this.getProvider(provider.uuid);
    if (existing) return existing;
    const name = provider.name ?? provider.uuid;
    try {
      const { body } = await this.transport.request<ResourceProvider>('POST', '/resource_providers', {
        body: {
          uuid: provider.uuid,
          name,
          ...(provider.parentProviderUuid ? { parent_provider_uuid: provider.parentProviderUuid } : {}),
        },
        microversion: V.createProviderReturnsPayload,
      });
      return body;
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      if (error.detail.includes('Conflicting resource provider name:'))
        throw new ProviderNameConflict(name, error);
      const raced = await this.getProvider(provider.uuid);
      if (!raced) throw error;
      return raced;
    }
  }

  /** Deletes a provider; false when it did not exist. A provider with allocations gives a 409 ServiceError. */
  async deleteProvider(uuid: string): Promise<boolean> {
    try {
      await this.transport.request('DELETE', `/resource_providers/${uuid}`);
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
  }

  async getInventory(uuid: string): Promise<{ generation: number; inventories: Inventories }> {
    const { body } = await this.transport.request<{
      resource_provider_generation: number;
      inventories: Inventories;
    }>('GET', `/resource_providers/${uuid}/inventories`);
    return { generation: body.resource_provider_generation, inventories: body.inventories };
  }

  /**
   * Replaces a provider's inventory (an empty one removes it all), creating custom resource
   * classes first. Written at `generation` (read when not given); when the generation moved,
   * it is read again and the write made once more, since the caller owns this inventory.
   * Removing inventory that is allocated gives a 409 ServiceError (`placement.inventory.inuse`).
   */
  async setInventory(
    uuid: string,
    inventories: Inventories,
    generation?: number,
  ): Promise<{ generation: number; inventories: Inventories }> {
    await this.ensureResourceClasses(Object.keys(inventories));
    return this.withGeneration(
      generation,
      async () => (await this.getInventory(uuid)).generation,
      async (current) => {
        const { body } = await this.transport.request<{
          resource_provider_generation: number;
          inventories: Inventories;
        }>('PUT', `/resource_providers/${uuid}/inventories`, {
          body: { resource_provider_generation: current, inventories },
          microversion: V.inventoryReservedEqualTotal,
        });
        return { generation: body.resource_provider_generation, inventories: body.inventories };
      },
    );
  }

  async getTraits(uuid: string): Promise<{ generation: number; traits: string[] }> {
    const { body } = await this.transport.request<{ resource_provider_generation: number; traits: string[] }>(
      'GET',
      `/resource_providers/${uuid}/traits`,
      { microversion: V.traits },
    );
    return { generation: body.resource_provider_generation, traits: body.traits };
  }

  /** Replaces a provider's traits, creating custom ones first; generations as in setInventory. */
  async setTraits(
    uuid: string,
    traits: string[],
    generation?: number,
  ): Promise<{ generation: number; traits: string[] }> {
    await this.ensureTraits(traits);
    return this.withGeneration(
      generation,
      async () => (await this.getTraits(uuid)).generation,
      async (current) => {
        const { body } = await this.transport.request<{
          resource_provider_generation: number;
          traits: string[];
        }>('PUT', `/resource_providers/${uuid}/traits`, {
          body: { traits, resource_provider_generation: current },
          microversion: V.traits,
        });
        return { generation: body.resource_provider_generation, traits: body.traits };
      },
    );
  }

  async getAggregates(uuid: string): Promise<{ generation: number; aggregates: string[] }> {
    const { body } = await this.transport.request<{
      resource_provider_generation: number;
      aggregates: string[];
    }>('GET', `/resource_providers/${uuid}/aggregates`, { microversion: V.aggregateGeneration });
    return { generation: body.resource_provider_generation, aggregates: body.aggregates };
  }

  /** Replaces a provider's aggregates; generations as in setInventory. */
  async setAggregates(
    uuid: string,
    aggregates: string[],
    generation?: number,
  ): Promise<{ generation: number; aggregates: string[] }> {
    return this.withGeneration(
      generation,
      async () => (await this.getAggregates(uuid)).generation,
      async (current) => {
        const { body } = await this.transport.request<{
          resource_provider_generation: number;
          aggregates: string[];
        }>('PUT', `/resource_providers/${uuid}/aggregates`, {
          body: { aggregates, resource_provider_generation: current },
          microversion: V.aggregateGeneration,
        });
        return { generation: body.resource_provider_generation, aggregates: body.aggregates };
      },
    );
  }

  /** The allocation candidates for a scheduling request, at the version the claim will use. */
  async getAllocationCandidates(request: CandidatesRequest): Promise<AllocationCandidates> {
    const { body } = await this.transport.request<{
      allocation_requests: AllocationRequest[];
      provider_summaries: Record<string, ProviderSummary>;
    }>('GET', '/allocation_candidates', {
      query: allocationCandidatesQuery(request),
      microversion: V.candidates,
    });
    return {
      allocationRequests: body.allocation_requests,
      providerSummaries: body.provider_summaries,
      version: V.candidates,
    };
  }

  /**
   * Claims a candidate's allocation request for a consumer: true when made, false when
   * placement refused it (the resources went to someone else), as Nova's claim_resources.
   * `consumerGeneration` is null for a new consumer. A moved provider generation is a race
   * inside placement and the claim is made again; a moved consumer generation throws.
   */
  async claim(
    consumer: string,
    request: AllocationRequest,
    owner: { projectId: string; userId: string; consumerGeneration: number | null },
    version: string = V.candidates,
  ): Promise<boolean> {
    const body = {
      allocations: request.allocations,
      ...(request.mappings ? { mappings: request.mappings } : {}),
      project_id: owner.projectId,
      user_id: owner.userId,
      consumer_generation: owner.consumerGeneration,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.transport.request('PUT', `/allocations/${consumer}`, { body, microversion: version });
        return true;
      } catch (error) {
        if (!isStatus(error, 409)) throw error;
        if (!error.isConcurrentUpdate) return false;
        if (isConsumerGenerationConflict(error) || attempt >= CLAIM_ATTEMPTS) throw error;
      }
    }
  }

  /** A consumer's allocations; none (`allocations: {}`) for an unknown consumer. */
  async getAllocations(consumer: string): Promise<ConsumerAllocations> {
    const { body } = await this.transport.request<ConsumerAllocations>('GET', `/allocations/${consumer}`, {
      microversion: V.consumerGeneration,
    });
    return body;
  }

  /**
   * Removes a consumer's allocations: true when it had some. By default as Nova does, by
   * writing empty allocations at the consumer generation just read, so a concurrent change
   * throws a 409 ServiceError; `force` deletes regardless.
   */
  async deleteAllocations(consumer: string, options: { force?: boolean } = {}): Promise<boolean> {
    if (options.force) {
      try {
        await this.transport.request('DELETE', `/allocations/${consumer}`);
        return true;
      } catch (error) {
        if (isStatus(error, 404)) return false;
        throw error;
      }
    }
    const current = await this.getAllocations(consumer);
    if (Object.keys(current.allocations).length === 0) return false;
    await this.transport.request('PUT', `/allocations/${consumer}`, {
      body: { ...current, allocations: {} },
      microversion: V.consumerGeneration,
    });
    return true;
  }

  /**
   * Moves what `source` holds to `target` in one write (a migration's allocations to the
   * instance or back), as Nova's move_allocations: true when done or already done, false when
   * placement refused. A consumer changed meanwhile throws the 409 ServiceError.
   */
  async moveAllocations(source: string, target: string): Promise<boolean> {
    const from = await this.getAllocations(source);
    const to = await this.getAllocations(target);
    const fromEmpty = Object.keys(from.allocations).length === 0;
    if (fromEmpty && Object.keys(to.allocations).length > 0) return true;
    if (fromEmpty) return false;
    const moved = {
      [source]: {
        allocations: {},
        project_id: from.project_id,
        user_id: from.user_id,
        consumer_generation: from.consumer_generation ?? null,
      },
      [target]: {
        allocations: from.allocations,
        project_id: from.project_id,
        user_id: from.user_id,
        consumer_generation: to.consumer_generation ?? null,
      },
    };
    try {
      await this.transport.request('POST', '/allocations', {
        body: moved,
        microversion: V.consumerGeneration,
      });
      return true;
    } catch (error) {
      if (!isStatus(error, 409) || error.isConcurrentUpdate) throw error;
      return false;
    }
  }

  /** The allocations against a provider, by consumer. */
  async getProviderAllocations(uuid: string): Promise<Record<string, { resources: Resources }>> {
    const { body } = await this.transport.request<{ allocations: Record<string, { resources: Resources }> }>(
      'GET',
      `/resource_providers/${uuid}/allocations`,
    );
    return body.allocations;
  }

  /** What is used of each resource class of a provider. */
  async getProviderUsages(uuid: string): Promise<{ generation: number; usages: Resources }> {
    const { body } = await this.transport.request<{
      resource_provider_generation: number;
      usages: Resources;
    }>('GET', `/resource_providers/${uuid}/usages`);
    return { generation: body.resource_provider_generation, usages: body.usages };
  }

  /** What a project (and a user of it) uses, for quota counting from placement. */
  async getProjectUsages(projectId: string, userId?: string): Promise<Resources> {
    const { body } = await this.transport.request<{ usages: Resources }>('GET', '/usages', {
      query: { project_id: projectId, user_id: userId },
      microversion: V.usages,
    });
    return body.usages;
  }

  /** Creates the custom resource classes among `names` (PUT is idempotent: 201 or 204). */
  private async ensureResourceClasses(names: string[]): Promise<void> {
    for (const name of names.filter((name) => name.startsWith('CUSTOM_')))
      await this.transport.request('PUT', `/resource_classes/${name}`, { microversion: V.resourceClasses });
  }

  /** Creates the custom traits among `traits` that placement lacks. */
  private async ensureTraits(traits: string[]): Promise<void> {
    const custom = traits.filter((trait) => trait.startsWith('CUSTOM_'));
    if (custom.length === 0) return;
    const { body } = await this.transport.request<{ traits: string[] }>('GET', '/traits', {
      query: { name: `in:${custom.join(',')}` },
      microversion: V.traits,
    });
    for (const trait of custom.filter((trait) => !body.traits.includes(trait)))
      await this.transport.request('PUT', `/traits/${trait}`, { microversion: V.traits });
  }

  /** A write at a provider generation, retried once at a fresh one when it had moved. */
  private async withGeneration<T>(
    given: number | undefined,
    read: () => Promise<number>,
    write: (generation: number) => Promise<T>,
  ): Promise<T> {
    try {
      return await write(given ?? (await read()));
    } catch (error) {
      if (!isGenerationConflict(error)) throw error;
      return write(await read());
    }
  }
}
