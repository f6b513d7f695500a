import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import type { Microversion } from '../../common/http/microversion.js';
import type { BlockDeviceMappingTable } from '../db/schema.js';
import type { ComputeDeps } from '../deps.js';
import { checkServerAction } from '../instances/accept-action.js';
import { InstanceInvalidState } from '../instances/actions.js';
import type { InstanceRow } from '../instances/instance-repo.js';
import { loadServerForCaller, rpcContextOf } from '../instances/lookup.js';
import { VmState } from '../instances/states.js';
import { VolumeNotFound, volumeServiceFor } from '../instances/volume-service.js';
import { authorize } from '../policies.js';
import { boolFromString } from '../python-values.js';
import { validateBody, queryLists, validateQuery } from './schemas/servers-validation.js';
import {
  attachmentBodyShape,
  attachmentListQuery,
  attachmentListResponse,
  attachmentParams,
  attachmentQueryShape,
  attachmentResponse,
  createAttachmentSchemas,
  updateAttachmentSchemas,
} from './schemas/volume-attachments.js';

type BdmRow = Selectable<BlockDeviceMappingTable>;
type Params = { server_id: string; volume_id?: string };

interface AttachmentFields {
  volumeId: string;
  device?: string | null;
  tag?: string;
  delete_on_termination?: boolean | string;
  serverId?: string;
  id?: string;
}

const POLICY = (action: string) => `os_compute_api:os-volumes-attachments:${action}`;

/** `_translate_attachment_detail_view`: the volume id is the attachment's id until 2.89. */
function attachmentView(bdm: BdmRow, version: Microversion) {
  const withIds = version.atLeast('2.89');
  return {
    ...(withIds ? {} : { id: bdm.volume_id! }),
    volumeId: bdm.volume_id!,
    serverId: bdm.instance_uuid,
    ...(bdm.device_name ? { device: bdm.device_name } : {}),
    ...(version.atLeast('2.70') ? { tag: bdm.tag } : {}),
    ...(version.atLeast('2.79') ? { delete_on_termination: bdm.delete_on_termination === 1 } : {}),
    ...(withIds ? { attachment_id: bdm.attachment_id, bdm_uuid: bdm.uuid } : {}),
  };
}

function versionedSchema(schemas: { min?: string; max?: string; schema: object }[], version: Microversion) {
  return schemas.find(({ min, max }) => version.matches(min, max))!.schema;
}

/** `_check_request_version`: a shelved server takes volume changes from 2.20 only. */
function checkShelvedVersion(request: FastifyRequest, instance: InstanceRow, method: string): void {
  const shelved = instance.vm_state === VmState.SHELVED || instance.vm_state === VmState.SHELVED_OFFLOADED;
  if (shelved && request.microversion.below('2.20')) {
    throw new InstanceInvalidState(instance.uuid, method, 'vm_state', instance.vm_state);
  }
}

/**
 * `/servers/{id}/os-volume_attachments`: the server's volumes from its block device mappings;
 * attaching, detaching and swapping go through the block storage service (`VolumeService`).
 */
export function volumeAttachmentRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const volumes = volumeServiceFor(deps);
  const bdmsOf = (uuid: string) =>
    deps.db
      .selectFrom('block_device_mappings')
      .selectAll()
      .where('instance_uuid', '=', uuid)
      .orderBy('id')
      .execute();
  const bdmOf = (uuid: string, volumeId: string) =>
    deps.db
      .selectFrom('block_device_mappings')
      .selectAll()
      .where('instance_uuid', '=', uuid)
      .where('volume_id', '=', volumeId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  const notAttached = (serverId: string, volumeId: string) =>
    new NotFound(`Instance ${serverId} is not attached to volume ${volumeId}`);
  const load = async (request: FastifyRequest<{ Params: Params }>, action: string) => {
    const instance = await loadServerForCaller(deps, request, request.params.server_id);
    authorize(deps.policy, POLICY(action), { project_id: instance.project_id }, request.context);
    return instance;
  };

  app.get<{ Params: Params }>(
    '/servers/:server_id/os-volume_attachments',
    {
      schema: {
        params: attachmentParams,
        querystring: attachmentQueryShape,
        response: { 200: attachmentListResponse },
      },
    },
    async (request) => {
      const query = queryLists(request.query);
      validateQuery(attachmentListQuery(request.microversion.atLeast('2.75')), query);
      const instance = await load(request, 'index');
      // `common.limited`: offset and limit over all the mappings, then the volumes among them.
      const offset = Number(query.offset?.at(-1) ?? 0);
      const limit = Math.min(
        deps.settings.maxLimit,
        Number(query.limit?.at(-1) ?? 0) || deps.settings.maxLimit,
      );
      const page = (await bdmsOf(instance.uuid)).slice(offset, offset + limit);
      return {
        volumeAttachments: page
          .filter((bdm) => bdm.volume_id)
          .map((bdm) => attachmentView(bdm, request.microversion)),
      };
    },
  );

  app.get<{ Params: Params }>(
    '/servers/:server_id/os-volume_attachments/:volume_id',
    { schema: { params: attachmentParams, response: { 200: attachmentResponse } } },
    async (request) => {
      const volumeId = request.params.volume_id!;
      const instance = await load(request, 'show');
      const bdm = await bdmOf(instance.uuid, volumeId);
      if (!bdm) throw notAttached(request.params.server_id, volumeId);
      return { volumeAttachment: attachmentView(bdm, request.microversion) };
    },
  );

  app.post<{ Params: Params; Body: { volumeAttachment: AttachmentFields } }>(
    '/servers/:server_id/os-volume_attachments',
    {
      schema: { params: attachmentParams, body: attachmentBodyShape, response: { 200: attachmentResponse } },
    },
    async (request) => {
      const version = request.microversion;
      validateBody(versionedSchema(createAttachmentSchemas, version), request.body);
      const fields = request.body.volumeAttachment;
      const instance = await load(request, 'create');
      checkShelvedVersion(request, instance, 'attach_volume');
      checkServerAction(deps, request, instance, 'attachVolume');
      const deleteOnTermination = boolFromString(fields.delete_on_termination ?? false) ?? false;
      const device = await volumes.attach(rpcContextOf(deps, request), instance, {
        volumeId: fields.volumeId,
        device: fields.device ?? null,
        tag: fields.tag ?? null,
        deleteOnTermination,
        supportsMultiattach: version.atLeast('2.60'),
      });
      return {
        volumeAttachment: {
          id: fields.volumeId,
          serverId: instance.uuid,
          volumeId: fields.volumeId,
          device,
          ...(version.atLeast('2.70') ? { tag: fields.tag ?? null } : {}),
          ...(version.atLeast('2.79') ? { delete_on_termination: deleteOnTermination } : {}),
        },
      };
    },
  );

  app.put<{ Params: Params; Body: { volumeAttachment: AttachmentFields } }>(
    '/servers/:server_id/os-volume_attachments/:volume_id',
    { schema: { params: attachmentParams, body: attachmentBodyShape, response: { 202: { type: 'null' } } } },
    async (request, reply) => {
      const version = request.microversion;
      validateBody(versionedSchema(updateAttachmentSchemas, version), request.body);
      const id = request.params.volume_id!;
      const fields = request.body.volumeAttachment;
      const instance = await loadServerForCaller(deps, request, request.params.server_id);
      const onlySwap = version.below('2.85');
      // A swap is Cinder's call, for admins and services whatever the server's project.
      if (onlySwap || id !== fields.volumeId) authorize(deps.policy, POLICY('swap'), {}, request.context);
      else authorize(deps.policy, POLICY('update'), { project_id: instance.project_id }, request.context);
      if (!onlySwap) {
        const bdm = await bdmOf(instance.uuid, id);
        if (!bdm) throw new NotFound(`No volume Block Device Mapping with id ${id}.`);
        const immutable: [keyof AttachmentFields, unknown][] = [
          ['id', id],
          ['serverId', instance.uuid],
          ['device', bdm.device_name],
          ['tag', bdm.tag],
        ];
        for (const [field, current] of immutable) {
          if (field in fields && fields[field] !== current) {
            throw new BadRequest(`The ${field} property is not mutable`);
          }
        }
        if (fields.delete_on_termination !== undefined) {
          await deps.db
            .updateTable('block_device_mappings')
            .set({
              delete_on_termination: boolFromString(fields.delete_on_termination) ? 1 : 0,
              updated_at: deps.now().toISOString(),
            })
            .where('id', '=', bdm.id)
            .execute();
        }
      }
      if (onlySwap || id !== fields.volumeId) {
        const context = rpcContextOf(deps, request);
        const from = await volumes.get(context, id);
        // The new volume comes from the body, so its absence is a bad request.
        const to = await volumes.get(context, fields.volumeId).catch((error: unknown) => {
          if (error instanceof VolumeNotFound) throw new BadRequest(error.message);
          throw error;
        });
        // `swap_volume` checks the lock and the state (active, paused, resized) in the service.
        await volumes.swap(context, instance, from, to);
      }
      return reply.status(202).send();
    },
  );

  app.delete<{ Params: Params }>(
    '/servers/:server_id/os-volume_attachments/:volume_id',
    { schema: { params: attachmentParams, response: { 202: { type: 'null' } } } },
    async (request, reply) => {
      const volumeId = request.params.volume_id!;
      const instance = await load(request, 'delete');
      checkShelvedVersion(request, instance, 'detach_volume');
      const context = rpcContextOf(deps, request);
      const volume = await volumes.get(context, volumeId);
      const bdm = await bdmOf(instance.uuid, volumeId);
      if (!bdm) throw notAttached(request.params.server_id, volumeId);
      if (bdm.boot_index === 0) throw new BadRequest('Cannot detach a root device volume');
      checkServerAction(deps, request, instance, 'detachVolume');
      await volumes.detach(context, instance, volume);
      return reply.status(202).send();
    },
  );
}
