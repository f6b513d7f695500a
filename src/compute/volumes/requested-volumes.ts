import { BadRequest } from '../../common/http/errors.js';
import type { BlockDeviceRequest } from '../instances/block-device-requests.js';
import type { VolumeService } from '../instances/volume-service.js';
import type { RpcContext } from '../rpc/context.js';
import { VolumeNotFound } from './volume-errors.js';

/**
 * `_validate_bdm` and `_get_bdm_image_metadata` for the existing volumes a create request names:
 * each must be one the caller sees (else InvalidBDMVolume), the boot volume must be bootable, and
 * each mapping takes its volume's size. The volumes are reserved for the server when its host
 * connects them.
 */
export async function checkRequestedVolumes(
  volumes: VolumeService,
  context: RpcContext,
  bdms: BlockDeviceRequest[],
): Promise<BlockDeviceRequest[]> {
  const checked: BlockDeviceRequest[] = [];
  for (const bdm of bdms) {
    if (bdm.volumeId === null) {
      checked.push(bdm);
      continue;
    }
    const volume = await volumes.get(context, bdm.volumeId).catch((error: unknown) => {
      if (error instanceof VolumeNotFound)
        throw new BadRequest(`Block Device Mapping is Invalid: failed to get volume ${bdm.volumeId}.`);
      throw error;
    });
    if (bdm.bootIndex === 0 && !volume.bootable)
      throw new BadRequest(`Block Device ${volume.id} is not bootable.`);
    checked.push({ ...bdm, volumeSize: volume.size });
  }
  return checked;
}
