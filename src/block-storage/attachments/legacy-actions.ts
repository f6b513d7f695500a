import type { RequestContext } from '../../common/auth/context.js';
import { BadRequest } from '../../common/http/errors.js';
import type { VolumeAction, VolumeActionResult } from '../api/volume-actions.js';
import { RpcClient } from '../../common/bus/index.js';
import { putKeyValues } from '../db/key-value-rows.js';
import type { BlockStorageDeps } from '../deps.js';
import type { Connector } from '../drivers/volume-driver.js';
import { InvalidInput, InvalidVolume } from '../errors.js';
import { authorize } from '../policies/index.js';
import { LEGACY_ATTACH_POLICY } from '../policies/attachments.js';
import { backendOf, VOLUME_TOPIC } from '../rpc/topics.js';
import type { VolumeMethods } from '../rpc/volume-api.js';
import { loadVolume, volumeTarget } from '../volumes/volume-lookup.js';
import type { VolumeRow } from '../volumes/volume-records.js';
import { settleVolumeAttachStatus } from './volume-attach-status.js';

const ACCEPTED: VolumeActionResult = { status: 202 };

async function authorizedVolume(
  deps: BlockStorageDeps,
  context: RequestContext,
  volumeId: string,
  policy: string,
): Promise<VolumeRow> {
  const volume = await loadVolume(deps, context, volumeId);
  authorize(deps.policy, policy, volumeTarget(volume), context);
  return volume;
}

/** Moves the volume from one of `from` to `to`; false when it was in none of them. */
async function moveStatus(
  deps: BlockStorageDeps,
  volumeId: string,
  from: string[],
  to: string,
): Promise<boolean> {
  const result = await deps.db
    .updateTable('volumes')
    .set({ status: to, updated_at: deps.now().toISOString() })
    .where('id', '=', volumeId)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

function connectorOf(args: unknown): Connector {
  const connector = (args as { connector?: unknown } | null)?.connector;
  if (!connector || typeof connector !== 'object') throw new InvalidInput('Must specify a connector.');
  return connector as Connector;
}

function volumeService(deps: BlockStorageDeps, volume: VolumeRow): RpcClient<VolumeMethods> {
  if (volume.host === null) throw new InvalidVolume('Volume has no backend.');
  return new RpcClient<VolumeMethods>(deps.bus, VOLUME_TOPIC).at(backendOf(volume.host));
}

/**
 * The actions of Cinder's attach flow before the attachments API (cinder/api/contrib/
 * volume_actions.py), for older clients and Nova's detach bookkeeping (`os-begin_detaching`,
 * `os-roll_detaching`). The volume action endpoint registers them under their names.
 */
export const legacyAttachActions: Record<string, VolumeAction> = {
  async 'os-reserve'(deps, { context, params: { id: volumeId } }) {
    const volume = await authorizedVolume(deps, context, volumeId, LEGACY_ATTACH_POLICY.reserve);
    const expected = volume.multiattach === 1 ? ['available', 'in-use'] : ['available'];
    if (!(await moveStatus(deps, volumeId, expected, 'attaching'))) {
      throw new InvalidVolume(
        `Volume status must be ${expected.join(' or ')} to reserve, but the status is ${volume.status}.`,
      );
    }
    return ACCEPTED;
  },

  async 'os-unreserve'(deps, { context, params: { id: volumeId } }) {
    await authorizedVolume(deps, context, volumeId, LEGACY_ATTACH_POLICY.unreserve);
    await unreserve(deps, volumeId);
    return ACCEPTED;
  },

  async 'os-begin_detaching'(deps, { context, params: { id: volumeId } }) {
    const volume = await authorizedVolume(deps, context, volumeId, LEGACY_ATTACH_POLICY.beginDetaching);
    const moved =
      volume.attach_status === 'attached' &&
      volume.migration_status === null &&
      (await moveStatus(deps, volumeId, ['in-use'], 'detaching'));
    if (!moved) {
      throw new InvalidVolume(
        "Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.",
      );
    }
    return ACCEPTED;
  },

  async 'os-roll_detaching'(deps, { context, params: { id: volumeId } }) {
    await authorizedVolume(deps, context, volumeId, LEGACY_ATTACH_POLICY.rollDetaching);
    await moveStatus(deps, volumeId, ['detaching'], 'in-use');
    return ACCEPTED;
  },

  async 'os-initialize_connection'(deps, { context, params: { id: volumeId } }, body) {
    const args = body['os-initialize_connection'];
    const volume = await authorizedVolume(deps, context, volumeId, LEGACY_ATTACH_POLICY.initializeConnection);
    const connector = connectorOf(args);
    const info = await volumeService(deps, volume).call('initialize_connection', { volumeId, connector });
    return { status: 200, body: { connection_info: info } };
  },

  async 'os-terminate_connection'(deps, { context, params: { id: volumeId } }, body) {
    const args = body['os-terminate_connection'];
    const volume = await authorizedVolume(deps, context, volumeId, LEGACY_ATTACH_POLICY.terminateConnection);
    const connector = connectorOf(args);
    await volumeService(deps, volume).call('terminate_connection', { volumeId, connector });
    await unreserve(deps, volumeId);
    return ACCEPTED;
  },

  async 'os-attach'(deps, { context, params: { id: volumeId } }, body) {
    const volume = await authorizedVolume(deps, context, volumeId, LEGACY_ATTACH_POLICY.attach);
    const args = (body['os-attach'] ?? {}) as {
      instance_uuid?: string;
      host_name?: string;
      mountpoint?: string;
      mode?: string;
    };
    const mode = args.mode ?? 'rw';
    if (mode !== 'rw' && mode !== 'ro')
      throw new InvalidVolume(`Invalid attaching mode '${mode}' for volume ${volumeId}.`);
    if (args.instance_uuid === undefined && args.host_name === undefined) {
      throw new InvalidInput('Invalid request to attach volume to an invalid target');
    }
    if (volume.status === 'in-use' && volume.multiattach !== 1) {
      throw new InvalidVolume('volume is already attached');
    }
    const now = deps.now().toISOString();
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('volume_attachments')
        .values({
          id: deps.newId(),
          volume_id: volumeId,
          instance_uuid: args.instance_uuid ?? null,
          attached_host: args.host_name ?? null,
          mountpoint: args.mountpoint ?? null,
          attach_mode: mode,
          attach_status: 'attached',
          connector: null,
          connection_info: null,
          attach_time: now,
          detach_time: null,
          created_at: now,
          updated_at: null,
        })
        .execute();
      await trx
        .updateTable('volumes')
        .set({ status: 'in-use', attach_status: 'attached', updated_at: now })
        .where('id', '=', volumeId)
        .execute();
      await putKeyValues(trx, 'volume_admin_metadata', volumeId, { attached_mode: mode });
    });
    return ACCEPTED;
  },

  async 'os-detach'(deps, { context, params: { id: volumeId } }, body) {
    const args = body['os-detach'];
    await authorizedVolume(deps, context, volumeId, LEGACY_ATTACH_POLICY.detach);
    const attachmentId = (args as { attachment_id?: string } | null)?.attachment_id;
    const attachments = await deps.db
      .selectFrom('volume_attachments')
      .select('id')
      .where('volume_id', '=', volumeId)
      .execute();
    if (attachmentId === undefined && attachments.length > 1) {
      throw new BadRequest(
        'Error detaching volume - InvalidVolume: Invalid volume: Detach volume failed: More than one attachment, but no attachment_id provided.',
      );
    }
    // As Cinder's `detach_volume`: an attachment already gone (or none at all) only settles the status.
    const chosen = attachmentId ?? attachments[0]?.id;
    await deps.db.transaction().execute(async (trx) => {
      if (chosen !== undefined) await trx.deleteFrom('volume_attachments').where('id', '=', chosen).execute();
      await settleVolumeAttachStatus(trx, volumeId, deps.now());
    });
    return ACCEPTED;
  },
};

/** Cinder's `unreserve_volume`: an `attaching` volume goes back to `in-use` if attached elsewhere, else `available`. */
async function unreserve(deps: BlockStorageDeps, volumeId: string): Promise<void> {
  const attached = await deps.db
    .selectFrom('volume_attachments')
    .select('id')
    .where('volume_id', '=', volumeId)
    .executeTakeFirst();
  await moveStatus(deps, volumeId, ['attaching'], attached ? 'in-use' : 'available');
}
