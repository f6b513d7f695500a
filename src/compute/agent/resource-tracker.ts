import { isDeepStrictEqual } from 'node:util';
import type { Inventories } from '../../common/clients/placement-types.js';
import { ComputeNodeRegistry } from '../hypervisors/compute-node-registry.js';
import { capabilityTraits } from '../virt/capabilities.js';
import type { HostResources } from '../virt/types.js';
import type { AgentContext } from './agent-context.js';
import type { AgentSettings } from './agent-settings.js';

/**
 * The placement inventory of a host (Nova's `_normalize_inventory_from_cn_obj` with the initial
 * allocation ratios): one unit at a time up to the whole host, less what the host keeps for
 * itself. A resource the host has none of is left out, as placement refuses a total of 0.
 */
export function inventoryOf(resources: HostResources, settings: AgentSettings): Inventories {
  const classes: [string, number, number, number][] = [
    ['VCPU', resources.vcpus, settings.reservedHostCpus, settings.cpuAllocationRatio],
    ['MEMORY_MB', resources.memoryMb, settings.reservedHostMemoryMb, settings.ramAllocationRatio],
    ['DISK_GB', resources.localGb, settings.reservedHostDiskGb, settings.diskAllocationRatio],
  ];
  const inventories: Inventories = {};
  for (const [name, total, reserved, ratio] of classes) {
    if (total <= 0) continue;
    inventories[name] = {
      total,
      reserved: Math.min(reserved, total),
      min_unit: 1,
      max_unit: total,
      step_size: 1,
      allocation_ratio: ratio,
    };
  }
  return inventories;
}

/** The provider's traits with the driver's capability traits set or cleared, others kept. */
export function traitsWithCapabilities(current: string[], managed: Record<string, boolean>): string[] {
  const kept = current.filter((trait) => !(trait in managed));
  const added = Object.entries(managed)
    .filter(([, has]) => has)
    .map(([trait]) => trait);
  return [...new Set([...kept, ...added])].sort();
}

/**
 * The agent's side of Nova's ResourceTracker: it reports the host to the compute node record
 * (os-hypervisors) and to placement (the provider, its inventory, the capability traits), writing
 * to placement only what changed since the last audit, as Nova's provider tree cache does.
 */
export class ResourceTracker {
  private readonly nodes: ComputeNodeRegistry;
  private providerReady = false;
  private reportedInventory: Inventories | null = null;

  constructor(private readonly ctx: AgentContext) {
    this.nodes = ctx.lifecycle.guard(new ComputeNodeRegistry(ctx.db));
  }

  /** `update_available_resource`: the compute node, then placement. */
  async audit(): Promise<void> {
    const resources = await this.refreshUsage();
    await this.reportToPlacement(resources);
  }

  /** The compute node record only (the usage figures after guests came or went). */
  async refreshUsage(): Promise<HostResources> {
    const { ctx } = this;
    const resources = await ctx.driver.hostResources();
    ctx.node = await this.nodes.report(ctx.host, resources, ctx.now());
    return resources;
  }

  private async reportToPlacement(resources: HostResources): Promise<void> {
    const { ctx } = this;
    const uuid = ctx.node!.uuid;
    if (!this.providerReady) {
      await ctx.placement.ensureProvider({ uuid, name: resources.hypervisorHostname });
      this.providerReady = true;
    }
    const inventory = inventoryOf(resources, ctx.settings);
    if (!isDeepStrictEqual(inventory, this.reportedInventory)) {
      await ctx.placement.setInventory(uuid, inventory);
      this.reportedInventory = inventory;
    }
    const { generation, traits } = await ctx.placement.getTraits(uuid);
    const wanted = traitsWithCapabilities(traits, capabilityTraits(ctx.driver.capabilities));
    if (!isDeepStrictEqual(wanted, [...traits].sort()))
      await ctx.placement.setTraits(uuid, wanted, generation);
  }
}
