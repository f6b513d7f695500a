import type { ExternalEvent } from '../rpc/compute-api.js';
import type { RpcContext } from '../rpc/context.js';
import { OperationNotSupported } from '../virt/errors.js';
import { VolumeBdms } from '../volumes/volume-bdms.js';
import { VolumeNotFound } from '../volumes/volume-errors.js';
import type { AgentContext } from './agent-context.js';
import { AgentStopped } from './lifecycle.js';
import { cinderOf, savedConnection } from './volume-connections.js';

const GiB = 1024 ** 3;

/**
 * Nova's `extend_volume`, for Cinder's `volume-extended` event (its tag the volume): under the
 * instance's lock, the mapping takes the volume's new size and the driver grows the volume in the
 * guest, recorded as the `compute_extend_volume` event of the action the API started. A server
 * without the mapping (detached meanwhile), or not on this host, needs nothing; a failure leaves
 * a fault and the event failed, as Nova's.
 */
export async function handleVolumeExtended(
  ctx: AgentContext,
  context: RpcContext,
  event: ExternalEvent,
): Promise<void> {
  const volumeId = event.tag!;
  await ctx.locks.run(event.instanceUuid, async () => {
    const row = await ctx.instances.find(event.instanceUuid);
    if (!row || row.host !== ctx.host || !ctx.volume) return;
    const bdms = new VolumeBdms(ctx.db, ctx.now);
    const bdm = await bdms.ofVolume(row.uuid, volumeId);
    const connection = bdm ? savedConnection(bdm) : null;
    if (!bdm || !connection) {
      ctx.logger.warn(
        { instanceUuid: row.uuid, volumeId },
        `Extend volume failed, volume_id=${volumeId}, reason: the block device mapping was not found`,
      );
      return;
    }
    try {
      await ctx.actions.recordEvent(
        row.uuid,
        context.requestId,
        'compute_extend_volume',
        ctx.host,
        async () => {
          const volume = await cinderOf(ctx, row).getVolume(volumeId);
          if (!volume) throw new VolumeNotFound(volumeId);
          await bdms.update(bdm.id, { volume_size: volume.size });
          if (!ctx.driver.capabilities.supportsExtendVolume) throw new OperationNotSupported('extend_volume');
          await ctx.driver.extendVolume((await ctx.guestOf(row)).spec, connection, volume.size * GiB);
        },
      );
    } catch (error) {
      if (error instanceof AgentStopped) throw error;
      ctx.logFailure(error, `extending volume ${volumeId}`, row.uuid);
      await ctx.addFault(row.uuid, error);
    }
  });
}
