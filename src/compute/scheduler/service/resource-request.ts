import type { CandidatesRequest, RequestGroup } from '../../../common/clients/placement-types.js';
import type { FlavorSpec, ImageMeta } from '../../virt/types.js';
import { STANDARD_RESOURCE_CLASSES } from '../../../common/resource-classes.js';

/** `resources[$S]:<class>` and `trait[$S]:<name>` extra spec keys (placement 1.33 suffixes). */
const EXTRA_SPEC_KEY = /^(resources|trait)([a-zA-Z0-9_-]{1,64})?:(.*)$/;

/** os-resource-classes' standard classes; anything else must be `CUSTOM_`. */
const STANDARD_CLASSES: ReadonlySet<string> = new Set(STANDARD_RESOURCE_CLASSES);

/** The trait a disabled compute service's provider carries (os-traits). */
export const COMPUTE_STATUS_DISABLED = 'COMPUTE_STATUS_DISABLED';
const HW_CPU_HYPERTHREADING = 'HW_CPU_HYPERTHREADING';

interface Group {
  resources: Record<string, number>;
  required: Set<string>;
  forbidden: Set<string>;
}

/**
 * What a server needs from placement, as Nova's ResourceRequest: request groups by suffix (''
 * is the unsuffixed group, which may be spread over a provider tree), the group policy, and
 * whether CPU pinning turned VCPU into PCPU.
 */
export class ResourceRequest {
  readonly groups = new Map<string, Group>();
  groupPolicy: 'none' | 'isolate' | undefined;
  cpuPinningRequested = false;

  group(suffix = ''): Group {
    let group = this.groups.get(suffix);
    if (!group) {
      group = { resources: {}, required: new Set(), forbidden: new Set() };
      this.groups.set(suffix, group);
    }
    return group;
  }

  /** RequestGroup.add_resource: an unknown class or an amount int() refuses (or below 0) is skipped. */
  addResource(resourceClass: string, amount: string | number, suffix = ''): void {
    const group = this.group(suffix);
    if (!resourceClass.startsWith('CUSTOM_') && !STANDARD_CLASSES.has(resourceClass)) return;
    const text = String(amount).trim();
    if (!/^[+-]?\d+$/.test(text)) return;
    const value = Number(text);
    if (value < 0) return;
    group.resources[resourceClass] = value;
  }

  /** RequestGroup.add_trait: only `required` and `forbidden` mean something. */
  addTrait(trait: string, kind: string, suffix = ''): void {
    const group = this.group(suffix);
    if (kind === 'required') group.required.add(trait);
    else if (kind === 'forbidden') group.forbidden.add(trait);
  }

  /** Every group's resources summed by class. */
  mergedResources(): Record<string, number> {
    const merged: Record<string, number> = {};
    for (const group of this.groups.values())
      for (const [name, amount] of Object.entries(group.resources))
        merged[name] = (merged[name] ?? 0) + amount;
    return merged;
  }

  /** strip_zeros: classes asked for 0 go, then groups left with nothing. */
  stripZeros(): void {
    for (const [suffix, group] of this.groups) {
      for (const [name, amount] of Object.entries(group.resources))
        if (amount === 0) delete group.resources[name];
      if (
        Object.keys(group.resources).length === 0 &&
        group.required.size === 0 &&
        group.forbidden.size === 0
      )
        this.groups.delete(suffix);
    }
  }
}

/** A flavor extra spec, else the image property of the same meaning (hardware._get_flavor_image_meta). */
function flavorOrImage(flavor: FlavorSpec, image: ImageMeta | null, name: string): string | undefined {
  return flavor.extraSpecs[`hw:${name}`] ?? image?.properties[`hw_${name}`];
}

/** `hw:cpu_policy=dedicated` asks for PCPU instead of VCPU, one more for isolated emulator threads. */
function translatePinning(request: ResourceRequest, flavor: FlavorSpec, image: ImageMeta | null): void {
  if (flavorOrImage(flavor, image, 'cpu_policy') === 'dedicated') {
    request.cpuPinningRequested = true;
    const isolated = flavor.extraSpecs['hw:emulator_threads_policy'] === 'isolate';
    request.addResource('PCPU', flavor.vcpus + (isolated ? 1 : 0));
  }
  const threads = flavorOrImage(flavor, image, 'cpu_thread_policy');
  if (threads === 'isolate') request.addTrait(HW_CPU_HYPERTHREADING, 'forbidden');
  if (threads === 'require') request.addTrait(HW_CPU_HYPERTHREADING, 'required');
}

/**
 * Nova's ResourceRequest.from_request_spec for a flavor and image: the flavor's `resources*:`,
 * `trait*:` and `group_policy` extra specs, the image's `trait:` properties, CPU pinning (when
 * `translatePinning`), then VCPU, MEMORY_MB and DISK_GB from the flavor where the extra specs
 * did not set them. DISK_GB is root + ephemeral + swap rounded up to GB, without the root disk
 * for a volume-backed server, and none at all when that is 0. Zero amounts are dropped. Mixed
 * CPU policies, memory encryption, vPMEM, vTPM and secure boot are not translated.
 */
export function resourceRequestFor(
  flavor: FlavorSpec,
  image: ImageMeta | null,
  isVolumeBacked: boolean,
  options: { translatePinning: boolean },
): ResourceRequest {
  const request = new ResourceRequest();
  for (const [key, value] of Object.entries(flavor.extraSpecs)) {
    if (key === 'group_policy') {
      if (value === 'none' || value === 'isolate') request.groupPolicy = value;
      continue;
    }
    const match = EXTRA_SPEC_KEY.exec(key);
    if (!match) continue;
    const [, prefix, suffix = '', name] = match;
    if (prefix === 'resources') request.addResource(name, value, suffix);
    else request.addTrait(name, value, suffix);
  }
  for (const [key, value] of Object.entries(image?.properties ?? {})) {
    if (key.startsWith('trait:') && value === 'required')
      request.addTrait(key.slice('trait:'.length), 'required');
  }
  if (options.translatePinning) translatePinning(request, flavor, image);

  const merged = request.mergedResources();
  if (!('VCPU' in merged) && !('PCPU' in merged)) request.addResource('VCPU', flavor.vcpus);
  if (!('MEMORY_MB' in merged)) request.addResource('MEMORY_MB', flavor.memoryMb);
  if (!('DISK_GB' in merged)) {
    const disk = flavor.ephemeralGb + Math.ceil(flavor.swapMb / 1024) + (isVolumeBacked ? 0 : flavor.rootGb);
    if (disk > 0) request.addResource('DISK_GB', disk);
  }
  request.stripZeros();
  // Two numbered groups from the flavor without `group_policy` go to placement as they are, and
  // placement refuses them (a NoValidHost), as Nova's do.
  return request;
}

/** What the scheduler adds to the flavor's request before asking placement. */
export interface QueryScope {
  /** Only providers in the tree of this one: the requested node's (`in_tree`). */
  inTree?: string;
  /** Each entry: aggregates of which the provider must be in one (`member_of=in:`). */
  memberOf?: string[][];
  /** Traits the root provider must not have (`root_required=!...`). */
  rootForbidden?: string[];
  /** `max_placement_results`, or none. */
  limit?: number;
}

function groupOf(group: Group): RequestGroup {
  return {
    ...(Object.keys(group.resources).length > 0 ? { resources: { ...group.resources } } : {}),
    ...(group.required.size > 0 ? { required: [...group.required].sort() } : {}),
    ...(group.forbidden.size > 0 ? { forbidden: [...group.forbidden].sort() } : {}),
  };
}

/** The `GET /allocation_candidates` request, as ResourceRequest.to_querystring writes it. */
export function candidatesRequestOf(request: ResourceRequest, scope: QueryScope = {}): CandidatesRequest {
  const unsuffixed = request.groups.get('');
  const groups: Record<string, RequestGroup> = {};
  for (const [suffix, group] of request.groups) if (suffix !== '') groups[suffix] = groupOf(group);
  return {
    ...(unsuffixed ? groupOf(unsuffixed) : {}),
    ...(scope.memberOf?.length ? { memberOf: scope.memberOf } : {}),
    ...(scope.inTree ? { inTree: scope.inTree } : {}),
    ...(Object.keys(groups).length > 0 ? { groups } : {}),
    ...(request.groupPolicy ? { groupPolicy: request.groupPolicy } : {}),
    ...(scope.rootForbidden?.length ? { rootRequired: scope.rootForbidden.map((trait) => `!${trait}`) } : {}),
    ...(scope.limit !== undefined ? { limit: scope.limit } : {}),
  };
}
