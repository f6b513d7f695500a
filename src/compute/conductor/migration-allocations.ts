import type { InstanceRow } from '../instances/instance-repo.js';
import { NoValidHost } from '../scheduler/no-valid-host.js';
import type { ComputeNodeRow, ConductorContext } from './conductor-context.js';
import { computeHostNotFound } from './errors.js';

/**
 * Nova's replace_allocation_with_migration: what the instance holds on its source node moves to
 * the migration as consumer, so the instance can claim its destination as a new consumer while
 * the source stays held. `held` is false when the instance held nothing there (nothing moved).
 */
export async function replaceAllocationWithMigration(
  ctx: ConductorContext,
  instance: InstanceRow,
  migrationUuid: string,
): Promise<{ sourceNode: ComputeNodeRow; held: boolean }> {
  const sourceNode = instance.host ? await ctx.computeNode(instance.host, instance.node) : undefined;
  if (!sourceNode) throw computeHostNotFound(instance.host);
  const current = await ctx.placement.getAllocations(instance.uuid);
  const onSource = current.allocations[sourceNode.uuid]?.resources ?? {};
  if (Object.keys(onSource).length === 0) {
    ctx.logger.debug(
      { instanceUuid: instance.uuid, node: sourceNode.uuid },
      'no allocation on the source node to move',
    );
    return { sourceNode, held: false };
  }
  if (!(await ctx.placement.moveAllocations(instance.uuid, migrationUuid))) {
    // Nova mimics the scheduler's "no space" here.
    throw new NoValidHost('Unable to replace instance claim on source');
  }
  return { sourceNode, held: true };
}

/**
 * Nova's revert_allocation_for_migration: the source allocation goes back from the migration to
 * the instance, replacing whatever the instance claimed on a destination meanwhile.
 */
export async function revertAllocationForMigration(
  ctx: ConductorContext,
  instanceUuid: string,
  migrationUuid: string,
): Promise<void> {
  try {
    if (!(await ctx.placement.moveAllocations(migrationUuid, instanceUuid)))
      ctx.logger.error(
        { instanceUuid, migrationUuid },
        'Unable to replace resource claim on source host for instance',
      );
  } catch (error) {
    ctx.logger.error(
      { err: error, instanceUuid, migrationUuid },
      'Unable to revert the allocation of a migration',
    );
  }
}
