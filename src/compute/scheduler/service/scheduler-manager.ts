import type { AllocationCandidates, CandidatesRequest } from '../../../common/clients/placement-types.js';
import type { Logger } from '../../../common/logging.js';
import { AggregatesRepo, AZ_KEY } from '../../aggregates/aggregates-repo.js';
import type { InstanceSelection, SelectDestinationsArgs } from '../../rpc/scheduler-api.js';
import { ServiceRegistry } from '../../services/service-registry.js';
import { candidatesFromAllocationRequests, type HostCandidate } from '../allocation-candidates.js';
import { consumeFromRequest } from '../consume-from-request.js';
import { defaultFilters, defaultWeighers } from '../default-scheduler.js';
import type { HostState } from '../host-state.js';
import { NOT_ENOUGH_HOSTS, NoValidHost } from '../no-valid-host.js';
import type { RequestSpec } from '../request-spec.js';
import { selectDestinations, type SchedulerOptions, type Selection } from '../select-destinations.js';
import { claimResources } from './claim-resources.js';
import { HostManager } from './host-manager.js';
import { loadInstanceGroup } from './instance-group.js';
import {
  candidatesRequestOf,
  COMPUTE_STATUS_DISABLED,
  resourceRequestFor,
  type QueryScope,
} from './resource-request.js';
import { DEFAULT_SCHEDULER_SETTINGS, type SchedulerDeps, type SchedulerSettings } from './scheduler-deps.js';

/** Python's `%s` of an optional string. */
const pythonStr = (value: string | null | undefined) => value ?? 'None';

/** The hosts placement offered and their allocation requests, or none. */
interface Offer {
  hosts: HostState[];
  candidates: HostCandidate[];
}

/**
 * Nova's SchedulerManager.select_destinations over the pure scheduler: the placement query from
 * the request spec, host states for what placement offered, then for each instance in turn the
 * sorted hosts (selectDestinations with the default filters and weighers) and a claim in
 * placement on the first host that takes it, whose resources then count for the next instance.
 */
export class SchedulerManager {
  readonly settings: SchedulerSettings;
  private readonly hostManager: HostManager;
  private readonly logger: Logger;

  constructor(private readonly deps: SchedulerDeps) {
    this.settings = { ...DEFAULT_SCHEDULER_SETTINGS, ...deps.settings };
    this.logger = deps.logger;
    const registry = new ServiceRegistry(deps.db, { serviceDownTime: this.settings.serviceDownTime });
    this.hostManager = new HostManager(deps.db, registry, deps.now);
  }

  async selectDestinations(args: SelectDestinationsArgs): Promise<InstanceSelection[]> {
    const request = await this.requestSpecOf(args);
    const rebuild = request.checkType === 'rebuild';
    let picks: InstanceSelection[];
    try {
      const offer = rebuild ? await this.everyHost() : await this.askPlacement(args, request);
      picks = await this.pickAndClaim(request, offer, args, !rebuild);
    } catch (error) {
      if (error instanceof NoValidHost)
        this.logger.info(
          { instances: args.instanceUuids, filters: error.filterResults, rejections: error.rejections },
          error.message,
        );
      throw error;
    }
    this.logger.debug(
      { instances: args.instanceUuids, hosts: picks.map((pick) => pick.selection.host) },
      'selected destinations',
    );
    return picks;
  }

  /** The pure scheduler's RequestSpec for the stored spec and this request's overrides. */
  private async requestSpecOf(args: SelectDestinationsArgs): Promise<RequestSpec> {
    const { spec } = args;
    const hints = spec.schedulerHints ?? {};
    const groupUuid = spec.instanceGroupUuid ?? hints.group?.[0] ?? null;
    const requested =
      args.requestedDestination !== undefined ? args.requestedDestination : spec.requestedDestination;
    return {
      flavor: {
        vcpus: spec.flavor.vcpus,
        memoryMb: spec.flavor.memoryMb,
        rootGb: spec.flavor.rootGb,
        ephemeralGb: spec.flavor.ephemeralGb,
        extraSpecs: spec.flavor.extraSpecs ?? {},
      },
      imageProperties: spec.image?.properties ?? {},
      availabilityZone: spec.availabilityZone,
      instanceGroup: groupUuid ? await loadInstanceGroup(this.deps.db, groupUuid, args.instanceUuids) : null,
      sameHost: hints.same_host ?? [],
      differentHost: hints.different_host ?? [],
      instanceUuids: args.instanceUuids,
      ignoreHosts: args.ignoreHosts ?? [],
      forceHosts: spec.forceHosts ?? [],
      forceNodes: spec.forceNodes ?? [],
      requestedDestination: requested ? { host: requested.host, node: requested.node } : null,
      checkType: args.checkType ?? null,
    };
  }

  /** A rebuild's check: every node from its own report, with nothing to claim. */
  private async everyHost(): Promise<Offer> {
    const hosts = await this.hostManager.hostStates(null);
    return {
      hosts,
      candidates: hosts.map((host) => ({ providerUuid: host.uuid, allocationRequest: { allocations: {} } })),
    };
  }

  /** resources_from_request_spec, the request filters, and GET /allocation_candidates. */
  private async askPlacement(args: SelectDestinationsArgs, request: RequestSpec): Promise<Offer> {
    const { spec } = args;
    const scope: QueryScope = {
      rootForbidden: [COMPUTE_STATUS_DISABLED],
      limit: this.settings.maxPlacementResults,
    };
    const destination = request.requestedDestination;
    const targetHost = destination?.host ?? request.forceHosts[0] ?? null;
    const targetNode = destination?.node ?? request.forceNodes[0] ?? null;
    if (targetHost || targetNode) {
      const nodes = await this.hostManager.nodesByHostOrNode(targetHost, targetNode);
      if (nodes.length === 0)
        throw new NoValidHost(
          `No such host - host: ${pythonStr(targetHost)} node: ${pythonStr(targetNode)} `,
        );
      if (nodes.length === 1) {
        if (destination)
          request.requestedDestination = { host: nodes[0].host, node: nodes[0].hypervisor_hostname };
        scope.inTree = nodes[0].uuid;
      } else {
        delete scope.limit;
      }
    }
    const hints = spec.schedulerHints ?? {};
    // Group and host hints filter after placement: every candidate is needed.
    if (spec.instanceGroupUuid || ['group', 'same_host', 'different_host'].some((key) => key in hints))
      delete scope.limit;
    if (this.settings.queryPlacementForAvailabilityZone && spec.availabilityZone) {
      const zoned = (await new AggregatesRepo(this.deps.db).list()).filter(
        (aggregate) => aggregate.metadata[AZ_KEY] === spec.availabilityZone,
      );
      if (zoned.length > 0) scope.memberOf = [zoned.map((aggregate) => aggregate.uuid)];
    }

    const pinned = resourceRequestFor(spec.flavor, spec.image, spec.isVolumeBacked, {
      translatePinning: true,
    });
    const found = await this.candidates(candidatesRequestOf(pinned, scope));
    if (pinned.cpuPinningRequested && !this.settings.disableFallbackPcpuQuery) {
      // Hosts that do not report PCPU yet: ask again with VCPU, as Nova's fallback query.
      const shared = resourceRequestFor(spec.flavor, spec.image, spec.isVolumeBacked, {
        translatePinning: false,
      });
      const fallback = await this.candidates(candidatesRequestOf(shared, scope));
      found.allocationRequests.push(...fallback.allocationRequests);
      Object.assign(found.providerSummaries, fallback.providerSummaries);
    }
    if (found.allocationRequests.length === 0) {
      this.logger.info(
        'Got no allocation candidates from the Placement API. This could be due to insufficient resources or a temporary occurrence as compute nodes start up.',
      );
      throw new NoValidHost('');
    }
    return {
      hosts: await this.hostManager.hostStates(found.providerSummaries),
      candidates: candidatesFromAllocationRequests(found.allocationRequests),
    };
  }

  /** Placement's answer; a failed query counts as no candidate, as Nova's report client has it. */
  private async candidates(query: CandidatesRequest): Promise<AllocationCandidates> {
    try {
      return await this.deps.placement.getAllocationCandidates(query);
    } catch (error) {
      this.logger.error({ err: error }, 'Failed to retrieve allocation candidates from placement API');
      return { allocationRequests: [], providerSummaries: {}, version: '' };
    }
  }

  /**
   * For each instance: the hosts sorted for it, and the first whose claim placement takes
   * (Nova's `_schedule`). When one finds no host, the others' claims are removed and it throws
   * NoValidHost. Alternates come from the last sorting, without the hosts chosen or refused.
   */
  private async pickAndClaim(
    request: RequestSpec,
    offer: Offer,
    args: SelectDestinationsArgs,
    claiming: boolean,
  ): Promise<InstanceSelection[]> {
    const options: SchedulerOptions = {
      filters: defaultFilters(this.settings),
      weighers: defaultWeighers(this.settings),
      hostSubsetSize: this.settings.hostSubsetSize,
      shuffleBestSameWeighedHosts: this.settings.shuffleBestSameWeighedHosts,
      // Every host that passes, in order: the claim may have to go down the list.
      maxAttempts: offer.hosts.length + 1,
      random: this.deps.random,
      log: (message) => this.logger.debug(message),
    };
    const owner = { projectId: args.spec.projectId, userId: args.spec.userId };
    const claimed: { instanceUuid: string; selection: Selection }[] = [];
    const refused = new Set<string>();
    let lastSorting: Selection[] = [];
    try {
      for (const instanceUuid of args.instanceUuids) {
        // A host that refused a claim has no room left for the next instance either.
        const [sorted] = selectDestinations(
          offer.hosts.filter((host) => !refused.has(host.uuid)),
          { ...request, instanceUuids: [instanceUuid] },
          offer.candidates,
          options,
        );
        lastSorting = [sorted.selection, ...sorted.alternates];
        let chosen: Selection | undefined;
        for (const selection of lastSorting) {
          if (
            !claiming ||
            (await claimResources(this.deps.placement, instanceUuid, selection.allocationRequest, owner))
          ) {
            chosen = selection;
            break;
          }
          this.logger.debug(
            { host: selection.host, instanceUuid },
            'claim refused by placement, trying the next host',
          );
          refused.add(selection.providerUuid);
        }
        if (!chosen) throw new NoValidHost(NOT_ENOUGH_HOSTS);
        claimed.push({ instanceUuid, selection: chosen });
        const host = offer.hosts.find((state) => state.uuid === chosen.providerUuid)!;
        consumeFromRequest(host, request, instanceUuid);
      }
    } catch (error) {
      if (claiming) await this.removeClaims(claimed.map((pick) => pick.instanceUuid));
      throw error;
    }
    const taken = new Set(claimed.map((pick) => pick.selection.providerUuid));
    const alternates = args.returnAlternates
      ? lastSorting
          .filter((selection) => !taken.has(selection.providerUuid) && !refused.has(selection.providerUuid))
          .slice(0, Math.max(0, this.settings.maxAttempts - 1))
      : [];
    return claimed.map(({ instanceUuid, selection }) => ({ instanceUuid, selection, alternates }));
  }

  /** _cleanup_allocations: the claims of a request that could not be completed. */
  private async removeClaims(instanceUuids: string[]): Promise<void> {
    for (const uuid of instanceUuids) {
      try {
        await this.deps.placement.deleteAllocations(uuid, { force: true });
      } catch (error) {
        this.logger.error(
          { err: error, instanceUuid: uuid },
          'could not remove the allocations of a failed request',
        );
      }
    }
  }
}
