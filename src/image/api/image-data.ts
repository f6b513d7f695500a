import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { ApiError, BadRequest, Conflict, Forbidden } from '../../common/http/errors.js';
import { requestedRange } from '../data/byte-range.js';
import type { ByteLimit } from '../data/measured-stream.js';
import { restoreQueued, storeImageData, uploadLimits } from '../data/store-image-data.js';
import { updateColumns } from '../db/images-repo.js';
import type { ImageDeps } from '../deps.js';
import { missingFormats, transitionRefusal, type Image } from '../model/image.js';
import { StoreDataMissing } from '../stores/image-store.js';
import { ImagePolicy, loadVisibleImage, viewerOf } from './image-access.js';
import { imageParams, noContent } from './route-schemas.js';
import type { RouteModule } from './routes.js';

type Params = { image_id: string };

/** The request body of a data upload: the raw request stream (see service.ts). */
export const octetStreamBody = {
  description: 'The image data (application/octet-stream), streamed.',
} as const;

/** Refuses, before reading any byte, an upload whose declared length is already too large. */
function checkDeclaredLength(header: string | undefined, limits: ByteLimit[]): void {
  const length = Number(header);
  if (!header || !Number.isFinite(length)) return;
  const exceeded = limits.find((limit) => length > limit.bytes);
  if (exceeded) throw exceeded.refuse(length);
}

/**
 * Moves a queued image to `saving` once both formats are set; a concurrent request that got
 * there first makes this one a conflict.
 */
async function claimForUpload(deps: ImageDeps, image: Image): Promise<void> {
  if (image.status !== 'queued') throw new Conflict(transitionRefusal(image.status, 'saving'));
  const missing = missingFormats(image);
  if (missing !== null) throw new BadRequest(missing);
  const saving = { status: 'saving', updated_at: deps.now().toISOString() };
  if (!(await updateColumns(deps.db, image.id, saving, 'queued'))) {
    throw new Conflict(transitionRefusal(image.status, 'saving'));
  }
}

/** An octet-stream body arrives as the raw request stream; any other is refused (415). */
export function dataSource(request: FastifyRequest): Readable {
  const contentType = request.headers['content-type'] ?? '';
  if (
    contentType.split(';')[0].trim().toLowerCase() !== 'application/octet-stream' ||
    request.body === undefined
  ) {
    throw new ApiError(415, `Invalid content type ${contentType}`);
  }
  return request.body as Readable;
}

/** `PUT` and `GET /v2/images/{id}/file`: image data streamed to and from the store. */
export const imageDataRoutes: RouteModule = (app, deps) => {
  app.put<{ Params: Params }>(
    '/v2/images/:image_id/file',
    { schema: { params: imageParams, body: octetStreamBody, response: { 204: noContent } } },
    async (request, reply) => {
      const source = dataSource(request);
      // Multi-store Glance lets an upload name its store; there is one here.
      const store = request.headers['x-image-meta-store'];
      if (store !== undefined && store !== deps.store.id)
        throw new BadRequest(`Unknown scheme '${store}' found in URI`);
      const { image } = await loadVisibleImage(deps, request.context, request.params.image_id);
      new ImagePolicy(deps.policy, request.context, image).enforce('upload_image');
      const limits = await uploadLimits(deps, image, request.context.projectId);
      checkDeclaredLength(request.headers['content-length'], limits);
      await claimForUpload(deps, image);
      try {
        await storeImageData(deps, image, source, limits, 'saving');
      } catch (error) {
        await restoreQueued(deps, image.id, 'saving');
        throw error;
      }
      return reply.status(204).send();
    },
  );

  app.get<{ Params: Params }>(
    '/v2/images/:image_id/file',
    { schema: { params: imageParams, response: { 200: {}, 204: noContent, 206: {} } } },
    async (request, reply) => {
      const { image } = await loadVisibleImage(deps, request.context, request.params.image_id);
      if (image.status === 'deactivated' && !viewerOf(deps.policy, request.context).isAdmin) {
        throw new Forbidden('The requested image has been deactivated. Image data download is forbidden.');
      }
      new ImagePolicy(deps.policy, request.context, image).enforce('download_image');
      if (image.store === null || image.size === null) return reply.status(204).send();
      const range = requestedRange(request.headers.range, image.size);
      let data: Readable;
      try {
        data = await deps.store.read(image.id, range ?? undefined);
      } catch (error) {
        if (error instanceof StoreDataMissing) return reply.status(204).send();
        throw error;
      }
      reply.type('application/octet-stream');
      if (image.checksum) reply.header('content-md5', image.checksum);
      if (range) {
        reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${image.size}`);
      }
      reply.header('content-length', String(range ? range.end - range.start + 1 : image.size));
      return reply.send(data);
    },
  );
};
