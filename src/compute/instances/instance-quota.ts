import { Forbidden } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { computeQuotas } from '../quotas/compute-quotas.js';
import type { FlavorSpec } from '../virt/types.js';

type Counted = 'instances' | 'cores' | 'ram';
const COUNTED: readonly Counted[] = ['cores', 'instances', 'ram'];

/**
 * Nova's TooManyInstances (a 403 from the servers API): "Quota exceeded for cores, instances:
 * Requested 4, 2, but already used 20, 10 of 20, 10 cores, instances".
 */
export class TooManyInstances extends Forbidden {
  constructor(overs: { resource: string; requested: string; used: number; allowed: number }[]) {
    const names = overs.map((over) => over.resource).join(', ');
    const list = (pick: (over: (typeof overs)[number]) => string | number) => overs.map(pick).join(', ');
    super(
      `Quota exceeded for ${names}: Requested ${list((o) => o.requested)}, but already used ` +
        `${list((o) => o.used)} of ${list((o) => o.allowed)} ${names}`,
    );
  }
}

/**
 * `check_num_instances_quota`: how many of `min`..`max` servers of `flavor` the project's and
 * the user's instances, cores and ram limits allow; the most that fit when fewer than `max` do
 * but at least `min`; else TooManyInstances naming each limit exceeded.
 */
export async function checkInstanceQuota(
  deps: ComputeDeps,
  projectId: string,
  userId: string,
  flavor: FlavorSpec,
  count: { min: number; max: number },
): Promise<number> {
  const engine = computeQuotas(deps);
  const scopes = [await engine.details(projectId), await engine.details(projectId, userId)];
  const deltas: Record<Counted, number> = {
    instances: count.max,
    cores: count.max * flavor.vcpus,
    ram: count.max * flavor.memoryMb,
  };
  // What is left of each resource in the tightest scope; a limit of -1 leaves everything.
  const headroom = {} as Record<Counted, number>;
  const limitOf = {} as Record<Counted, number>;
  for (const resource of COUNTED) {
    headroom[resource] = Infinity;
    limitOf[resource] = -1;
    for (const scope of scopes) {
      const { limit, in_use } = scope[resource];
      if (limit >= 0 && limit - in_use < headroom[resource]) {
        headroom[resource] = limit - in_use;
        limitOf[resource] = limit;
      }
    }
  }
  const overs = COUNTED.filter((resource) => deltas[resource] > headroom[resource]);
  if (overs.length === 0) return count.max;

  let allowed = headroom.instances;
  if (flavor.vcpus) allowed = Math.min(allowed, Math.floor(headroom.cores / flavor.vcpus));
  if (flavor.memoryMb) allowed = Math.min(allowed, Math.floor(headroom.ram / flavor.memoryMb));
  if (allowed > 0 && count.min <= allowed && allowed <= count.max) return allowed;
  const requested: Record<Counted, string> = {
    instances: count.min === count.max ? String(count.min) : `${count.min}-${count.max}`,
    cores: String(deltas.cores),
    ram: String(deltas.ram),
  };
  throw new TooManyInstances(
    overs.map((resource) => ({
      resource,
      requested: requested[resource],
      used: limitOf[resource] - headroom[resource],
      allowed: limitOf[resource],
    })),
  );
}
