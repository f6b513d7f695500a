import { BadRequest } from '../../common/http/errors.js';
import { RpcClient } from '../../common/bus/index.js';
import type { VolumeAction } from '../api/volume-actions.js';
import type { Connector } from '../drivers/volume-driver.js';
import { authorize } from '../policies/index.js';
import { VOLUME_ACTION_POLICY } from '../policies/volume-actions.js';
import { backendOf, VOLUME_TOPIC } from '../rpc/topics.js';
import type { VolumeMethods } from '../rpc/volume-api.js';
import { actionBody, validateBody } from '../volumes/request-validation.js';
import { loadVolume, volumeTarget } from '../volumes/volume-lookup.js';
import { settleVolumeAttachStatus } from './volume-attach-status.js';

/** cinder/api/schemas/admin_actions.py `force_detach`. */
const forceDetachSchema = actionBody('os-force_detach', {
  connector: { type: ['string', 'object', 'null'] },
  attachment_id: { type: ['string', 'null'] },
});

interface ForceDetachRequest {
  connector?: string | Connector | null;
  attachment_id?: string | null;
}

/**
 * `os-force_detach` (admin): rolls back an attachment whatever the volume's status, e.g. after a
 * detach failed half way: ends the backend's export for the connector given (or the one the
 * attachment was made for), drops the attachment and settles the volume's status, as Cinder's
 * `terminate_connection` then `detach`. An attachment already gone only settles the status.
 */
export const forceDetach: VolumeAction = async (deps, request, body) => {
  const { 'os-force_detach': args } = validateBody<{ 'os-force_detach': ForceDetachRequest }>(
    forceDetachSchema,
    body,
  );
  const context = request.context;
  const volume = await loadVolume(deps, context, request.params.id);
  authorize(deps.policy, VOLUME_ACTION_POLICY.forceDetach, volumeTarget(volume), context);
  const attachments = await deps.db
    .selectFrom('volume_attachments')
    .select(['id', 'connector'])
    .where('volume_id', '=', volume.id)
    .execute();
  const attachmentId = args.attachment_id ?? undefined;
  if (attachmentId === undefined && attachments.length > 1) {
    throw new BadRequest(
      'Error detaching volume - InvalidVolume: Invalid volume: Detach volume failed: More than one attachment, but no attachment_id provided.',
    );
  }
  const attachment =
    attachmentId === undefined ? attachments[0] : attachments.find(({ id }) => id === attachmentId);
  const given = typeof args.connector === 'object' && args.connector !== null ? args.connector : null;
  const connector = given ?? (attachment?.connector ? (JSON.parse(attachment.connector) as Connector) : null);
  if (connector && volume.host !== null) {
    await new RpcClient<VolumeMethods>(deps.bus, VOLUME_TOPIC)
      .at(backendOf(volume.host))
      .call('terminate_connection', { volumeId: volume.id, connector });
  }
  await deps.db.transaction().execute(async (trx) => {
    if (attachment) await trx.deleteFrom('volume_attachments').where('id', '=', attachment.id).execute();
    await settleVolumeAttachStatus(trx, volume.id, deps.now());
  });
  return { status: 202 };
};
