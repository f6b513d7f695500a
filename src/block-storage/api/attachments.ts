import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { listAttachments } from '../attachments/attachment-list.js';
import { loadAttachment } from '../attachments/attachment-records.js';
import {
  completeAttachment,
  createAttachment,
  deleteAttachment,
  updateAttachment,
} from '../attachments/attachment-flow.js';
import type { BlockStorageDeps } from '../deps.js';
import type { Connector } from '../drivers/volume-driver.js';
import { validateBody } from '../volumes/request-validation.js';
import {
  attachmentDetailListResponse,
  attachmentIdParams,
  attachmentResponse,
  attachmentSummaryListResponse,
  completeAttachmentBody,
  createAttachmentBody,
  createAttachmentBodyV354,
  updateAttachmentBody,
  type CreateAttachmentBody,
  type UpdateAttachmentBody,
} from './attachments-schemas.js';
import { anyBody, emptyResponse, projectParams } from './common-schemas.js';
import { parseListParams } from './list-params.js';
import { attachmentDetail, attachmentSummary } from './views/attachment.js';

/** The attachments API came with 3.27; `os-complete` with 3.44; the attach mode with 3.54. */
const NEW_ATTACH = '3.27';
const NEW_ATTACH_COMPLETION = '3.44';
const ATTACHMENT_CREATE_MODE_ARG = '3.54';

/** Below its microversion a method of the API does not exist: Cinder's 404. */
function requireVersion(request: FastifyRequest, version: string): void {
  if (request.microversion.below(version)) throw new NotFound('The resource could not be found.');
}

type IdParams = { Params: { id: string } };

/** Cinder's attachments API (3.27+): reserve, connect, complete and delete a volume's attachment to a server. */
export function attachmentRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  const list = async (request: FastifyRequest, detail: boolean) => {
    requireVersion(request, NEW_ATTACH);
    const params = parseListParams(request.query, deps.settings.max_limit);
    const rows = await listAttachments(deps, request.context, params);
    return { attachments: rows.map(detail ? attachmentDetail : attachmentSummary) };
  };
  app.get(
    '/attachments',
    { schema: { params: projectParams, response: { 200: attachmentSummaryListResponse } } },
    (request) => list(request, false),
  );
  app.get(
    '/attachments/detail',
    { schema: { params: projectParams, response: { 200: attachmentDetailListResponse } } },
    (request) => list(request, true),
  );

  const byId = { params: attachmentIdParams };
  app.get<IdParams>(
    '/attachments/:id',
    { schema: { ...byId, response: { 200: attachmentResponse } } },
    async (request) => {
      requireVersion(request, NEW_ATTACH);
      const attachment = await loadAttachment(deps, request.context, request.params.id);
      return { attachment: attachmentDetail(attachment) };
    },
  );

  app.post(
    '/attachments',
    { schema: { params: projectParams, body: anyBody, response: { 200: attachmentResponse } } },
    async (request) => {
      requireVersion(request, NEW_ATTACH);
      const withMode = request.microversion.atLeast(ATTACHMENT_CREATE_MODE_ARG);
      const { attachment } = validateBody<CreateAttachmentBody>(
        withMode ? createAttachmentBodyV354 : createAttachmentBody,
        request.body,
      );
      const id = await createAttachment(deps, request.context, {
        volumeId: attachment.volume_uuid,
        instanceUuid: attachment.instance_uuid ?? null,
        connector: (attachment.connector as Connector | null | undefined) ?? null,
        mode: attachment.mode ?? null,
      });
      return { attachment: attachmentDetail(await loadAttachment(deps, request.context, id)) };
    },
  );

  const update = { schema: { ...byId, body: anyBody, response: { 200: attachmentResponse } } };
  app.put<IdParams>('/attachments/:id', update, async (request) => {
    requireVersion(request, NEW_ATTACH);
    const { attachment } = validateBody<UpdateAttachmentBody>(updateAttachmentBody, request.body);
    await updateAttachment(deps, request.context, request.params.id, attachment.connector as Connector);
    return { attachment: attachmentDetail(await loadAttachment(deps, request.context, request.params.id)) };
  });

  const remove = { schema: { ...byId, response: { 200: attachmentSummaryListResponse } } };
  app.delete<IdParams>('/attachments/:id', remove, async (request) => {
    requireVersion(request, NEW_ATTACH);
    const remaining = await deleteAttachment(deps, request.context, request.params.id);
    return { attachments: remaining.map(attachmentSummary) };
  });

  const action = { schema: { ...byId, body: anyBody, response: { 204: emptyResponse } } };
  app.post<IdParams>('/attachments/:id/action', action, async (request, reply) => {
    requireVersion(request, NEW_ATTACH);
    const body = request.body;
    const name = body && typeof body === 'object' ? Object.keys(body)[0] : undefined;
    if (name !== 'os-complete') throw new BadRequest(`There is no such action: ${name ?? ''}`);
    requireVersion(request, NEW_ATTACH_COMPLETION);
    validateBody(completeAttachmentBody, body);
    await completeAttachment(deps, request.context, request.params.id);
    return reply.status(204).send();
  });
}
