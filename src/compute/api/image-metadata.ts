import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ImageClient, ImagePatch } from '../../common/clients/image-client.js';
import { ServiceError } from '../../common/clients/service-error.js';
import { BadRequest, Forbidden, NotFound } from '../../common/http/errors.js';
import { requireMicroversion } from '../../common/http/microversion.js';
import type { ComputeDeps } from '../deps.js';
import { computeQuotas } from '../quotas/compute-quotas.js';
import { showImage } from './images.js';
import { imageMetadataParams, imageMetadataResponse, imageMetaItemResponse } from './schemas/images.js';
import { objectBody } from './schemas/servers.js';
import { metadataBody, metaItemBody } from './schemas/servers-metadata.js';
import { validateBody } from './schemas/servers-validation.js';
import { novaImage, type NovaImage } from './views/images.js';

/** `MAX_IMAGE_META_PROXY_API_VERSION`: image metadata outlived the other proxies until 2.38. */
export const LAST_WITH_IMAGE_METADATA = '2.38';

type MetadataRequest = FastifyRequest<{ Params: { image_id: string; key?: string } }>;

/** Glance's 403 on an image is Nova's ImageNotAuthorized, shown with its message. */
async function withImageAuthorization<T>(imageId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ServiceError && error.status === 403) {
      throw new Forbidden(`Not authorized for image ${imageId}.`);
    }
    throw error;
  }
}

/** `check_img_metadata_properties_quota`: the properties against `metadata_items` (403). */
async function checkQuota(deps: ComputeDeps, request: FastifyRequest, metadata: object): Promise<void> {
  const count = Object.keys(metadata).length;
  if (count === 0) return;
  // `limit_check` holds the count against the project's limit and the user's.
  const projectId = request.context.projectId ?? '';
  const quotas = computeQuotas(deps);
  const limits = [
    (await quotas.projectQuotas(projectId)).metadata_items,
    (await quotas.userQuotas(projectId, request.context.userId)).metadata_items,
  ];
  if (limits.some((limit) => limit >= 0 && count > limit)) {
    throw new Forbidden('Image metadata limit exceeded');
  }
}

/** `kernel_id` and `ramdisk_id` of "none" or nothing are left out of what Nova sends Glance. */
function leftOut(key: string, value: unknown): boolean {
  return (
    (key === 'kernel_id' || key === 'ramdisk_id') &&
    typeof value === 'string' &&
    ['none', ''].includes(value.trim().toLowerCase())
  );
}

/** A JSON pointer to a property (RFC 6901 escapes). */
const pointer = (key: string) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * `image_api.update(..., purge_props=True)`: the image's properties become `properties`, as
 * glanceclient sends it, one JSON patch that adds, replaces and removes what differs. A value
 * left as it was read (a parsed JSON property) goes back as Glance had it.
 */
async function writeProperties(
  client: ImageClient,
  image: NovaImage,
  properties: Record<string, unknown>,
): Promise<NovaImage> {
  const changes: ImagePatch[] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (leftOut(key, value)) continue;
    const unchanged = value === image.properties[key];
    const glanceValue = unchanged
      ? image.raw[key]
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
    if (!Object.hasOwn(image.raw, key)) changes.push({ op: 'add', path: pointer(key), value: glanceValue });
    else if (image.raw[key] !== glanceValue) {
      changes.push({ op: 'replace', path: pointer(key), value: glanceValue });
    }
  }
  for (const key of Object.keys(image.raw)) {
    if (!Object.hasOwn(properties, key)) changes.push({ op: 'remove', path: pointer(key) });
  }
  const updated = await withImageAuthorization(image.id, () => client.updateImage(image.id, changes));
  return novaImage(updated, await client.basePropertyNames());
}

/**
 * `/images/{image_id}/metadata` (image_metadata.py, up to 2.38): an image's properties in Glance,
 * read and written as the caller, within the `metadata_items` quota.
 */
export function imageMetadataRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  /** The version check first, then (after the body's) the image as the caller sees it. */
  const start = (request: MetadataRequest) => {
    requireMicroversion(request, '2.1', LAST_WITH_IMAGE_METADATA);
    const client = deps.imagesFor(request.context.token);
    const id = request.params.image_id;
    return { client, load: () => withImageAuthorization(id, () => showImage(client, id)) };
  };

  app.get(
    '/images/:image_id/metadata',
    { schema: { params: imageMetadataParams, response: { 200: imageMetadataResponse } } },
    async (request: MetadataRequest) => ({ metadata: (await start(request).load()).properties }),
  );

  app.post(
    '/images/:image_id/metadata',
    { schema: { params: imageMetadataParams, body: objectBody, response: { 200: imageMetadataResponse } } },
    async (request: MetadataRequest) => {
      const { client, load } = start(request);
      const body = validateBody<{ metadata: Record<string, string> }>(metadataBody, request.body);
      const image = await load();
      const properties = { ...image.properties, ...body.metadata };
      await checkQuota(deps, request, properties);
      return { metadata: (await writeProperties(client, image, properties)).properties };
    },
  );

  app.put(
    '/images/:image_id/metadata',
    { schema: { params: imageMetadataParams, body: objectBody, response: { 200: imageMetadataResponse } } },
    async (request: MetadataRequest) => {
      const { client, load } = start(request);
      const body = validateBody<{ metadata: Record<string, string> }>(metadataBody, request.body);
      const image = await load();
      await checkQuota(deps, request, body.metadata);
      await writeProperties(client, image, body.metadata);
      return { metadata: body.metadata };
    },
  );

  app.get(
    '/images/:image_id/metadata/:key',
    { schema: { params: imageMetadataParams, response: { 200: imageMetaItemResponse } } },
    async (request: MetadataRequest) => {
      const key = request.params.key ?? '';
      const { properties } = await start(request).load();
      if (!Object.hasOwn(properties, key)) throw new NotFound('The resource could not be found.');
      return { meta: { [key]: properties[key] } };
    },
  );

  app.put(
    '/images/:image_id/metadata/:key',
    { schema: { params: imageMetadataParams, body: objectBody, response: { 200: imageMetaItemResponse } } },
    async (request: MetadataRequest) => {
      const { client, load } = start(request);
      const key = request.params.key ?? '';
      const body = validateBody<{ meta: Record<string, string> }>(metaItemBody, request.body);
      if (!Object.hasOwn(body.meta, key)) throw new BadRequest('Request body and URI mismatch');
      const image = await load();
      const properties = { ...image.properties, [key]: body.meta[key] };
      await checkQuota(deps, request, properties);
      await writeProperties(client, image, properties);
      return { meta: body.meta };
    },
  );

  app.delete(
    '/images/:image_id/metadata/:key',
    { schema: { params: imageMetadataParams, response: { 204: { type: 'null' } } } },
    async (request: MetadataRequest, reply) => {
      const { client, load } = start(request);
      const key = request.params.key ?? '';
      const image = await load();
      if (!Object.hasOwn(image.properties, key)) throw new NotFound('Invalid metadata key');
      const properties = { ...image.properties };
      delete properties[key];
      await writeProperties(client, image, properties);
      return reply.status(204).send();
    },
  );
}
