import { randomUUID } from 'node:crypto';
import { BadRequest, Conflict, Forbidden, NotFound } from '../../common/http/errors.js';
import { parseCreateInput } from '../create/create-input.js';
import { deleteImageRow, findImage, insertImage, loadDetails, saveImage } from '../db/images-repo.js';
import { listImageRows } from '../db/list-images.js';
import { membershipOf } from '../db/members-repo.js';
import type { ImageDeps } from '../deps.js';
import { imageListLinks, queryPairs } from '../list/list-links.js';
import { parseListParams } from '../list/list-params.js';
import { RESERVED_NAMESPACE, type Image } from '../model/image.js';
import { canSeeImage } from '../model/visibility.js';
import { applyChanges } from '../patch/apply-changes.js';
import { parseChanges, patchDraft } from '../patch/parse-changes.js';
import {
  checkImageCount,
  PROPERTY_QUOTA,
  propertyQuotaExceeded,
  TAG_QUOTA,
  TooLarge,
  tagQuotaMessage,
} from '../quota.js';
import { ImagePolicy, loadVisibleImage, policyRefusal, viewerOf } from './image-access.js';
import { importMethods } from './discovery.js';
import {
  anyQuery,
  imageEntity,
  imageListResponse,
  imageParams,
  noContent,
  objectBody,
} from './route-schemas.js';
import type { RouteModule } from './routes.js';
import { imageView } from './views.js';
import type { RequestContext } from '../../common/auth/context.js';

type Params = { image_id: string };

/** Creates an image record (`queued`, no data yet) from a checked create request. */
async function createImage(deps: ImageDeps, context: RequestContext, body: unknown): Promise<Image> {
  const input = parseCreateInput(body);
  const owner = input.owner !== undefined ? input.owner : context.projectId;
  const target = { project_id: owner, owner, visibility: input.visibility ?? 'private' };
  if (!deps.policy.check('add_image', target, context)) {
    if (owner !== context.projectId)
      throw new Forbidden(`You are not permitted to create images owned by '${owner}'`);
    throw policyRefusal('add_image');
  }
  if (input.visibility === 'public' && !deps.policy.check('publicize_image', target, context)) {
    throw policyRefusal('publicize_image');
  }
  if (input.visibility === 'community' && !deps.policy.check('communitize_image', target, context)) {
    throw policyRefusal('communitize_image');
  }
  if (context.projectId !== null) await checkImageCount(deps.db, deps.config.image, context.projectId);
  if (input.tags.length > TAG_QUOTA) throw new TooLarge(tagQuotaMessage(input.tags.length));
  const counted = Object.keys(input.properties).filter((name) => !name.startsWith(RESERVED_NAMESPACE)).length;
  if (counted > PROPERTY_QUOTA) throw propertyQuotaExceeded(counted);
  const now = deps.now().toISOString();
  const image: Image = {
    id: input.id ?? randomUUID(),
    name: input.name ?? null,
    status: 'queued',
    visibility: input.visibility ?? 'shared',
    owner,
    disk_format: input.disk_format ?? null,
    container_format: input.container_format ?? null,
    size: null,
    virtual_size: null,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    min_disk: input.min_disk ?? 0,
    min_ram: input.min_ram ?? 0,
    protected: input.protected ?? false,
    os_hidden: input.os_hidden ?? false,
    created_at: now,
    updated_at: now,
    store: null,
    properties: input.properties,
    tags: input.tags,
  };
  if (!(await insertImage(deps.db, image))) throw new Conflict(`Image ID ${image.id} already exists!`);
  return image;
}

/** The images of a list request that the caller may see, and whether a next page may follow. */
async function listImages(deps: ImageDeps, context: RequestContext, url: string) {
  const request = parseListParams(queryPairs(url));
  if (!deps.policy.check('get_images', { project_id: context.projectId }, context))
    throw policyRefusal('get_images');
  const viewer = viewerOf(deps.policy, context);
  let marker: Image | undefined;
  if (request.marker !== undefined) {
    marker = await findImage(deps.db, request.marker);
    if (marker === undefined) throw new BadRequest(`No image found with ID ${request.marker}`);
    const membership = await membershipOf(deps.db, marker.id, context.projectId);
    if (
      !canSeeImage(viewer, {
        owner: marker.owner,
        visibility: marker.visibility,
        viewerMembership: membership,
      })
    ) {
      throw new Forbidden(`Forbidding request, image ${request.marker} not visible`);
    }
  }
  const rows = await listImageRows(deps.db, viewer, request, marker);
  const images = (await loadDetails(deps.db, rows)).filter((image) =>
    new ImagePolicy(deps.policy, context, image).check('get_image'),
  );
  const full = images.length > 0 && rows.length === request.limit;
  return { images, nextMarker: full ? images[images.length - 1].id : undefined };
}

/** `/v2/images`: create, list, show, update (JSON patch) and delete image records. */
export const imageRecordRoutes: RouteModule = (app, deps) => {
  app.post(
    '/v2/images',
    { schema: { body: objectBody, response: { 201: imageEntity } } },
    async (request, reply) => {
      const image = await createImage(deps, request.context, request.body);
      return reply
        .status(201)
        .header('location', `${deps.baseUrl}/v2/images/${image.id}`)
        .header('openstack-image-import-methods', importMethods(deps.config).join(','))
        .header('openstack-image-store-ids', `${deps.store.id},os_glance_staging_store,os_glance_tasks_store`)
        .send(imageView(image));
    },
  );

  app.get(
    '/v2/images',
    { schema: { querystring: anyQuery, response: { 200: imageListResponse } } },
    async (request) => {
      const { images, nextMarker } = await listImages(deps, request.context, request.url);
      const { first, next } = imageListLinks(request.url, nextMarker);
      return {
        images: images.map(imageView),
        first,
        schema: '/v2/schemas/images',
        ...(next === undefined ? {} : { next }),
      };
    },
  );

  app.get<{ Params: Params }>(
    '/v2/images/:image_id',
    { schema: { params: imageParams, response: { 200: imageEntity } } },
    async (request) => {
      const { image } = await loadVisibleImage(deps, request.context, request.params.image_id);
      new ImagePolicy(deps.policy, request.context, image).enforce('get_image');
      return imageView(image);
    },
  );

  app.patch<{ Params: Params }>(
    '/v2/images/:image_id',
    // The body is a JSON-patch document, read by parseChanges with Glance's messages.
    { schema: { params: imageParams, body: {}, response: { 200: imageEntity } } },
    async (request) => {
      const draft = patchDraft(request.headers['content-type']);
      const changes = parseChanges(request.body, draft);
      const { image } = await loadVisibleImage(deps, request.context, request.params.image_id);
      const policy = new ImagePolicy(deps.policy, request.context, image);
      const isAdmin = viewerOf(deps.policy, request.context).isAdmin;
      if (changes.length === 0) return imageView(image);
      const updated = applyChanges(image, changes, { policy, isAdmin });
      updated.updated_at = deps.now().toISOString();
      if (!(await saveImage(deps.db, updated))) throw new NotFound(`No image found with ID ${image.id}`);
      return imageView(updated);
    },
  );

  app.delete<{ Params: Params }>(
    '/v2/images/:image_id',
    { schema: { params: imageParams, response: { 204: noContent } } },
    async (request, reply) => {
      const id = request.params.image_id;
      const notFound = `Failed to find image ${id} to delete`;
      const { image } = await loadVisibleImage(deps, request.context, id, notFound);
      new ImagePolicy(deps.policy, request.context, image).enforce('delete_image');
      if (image.protected) throw new Forbidden(`Image ${id} is protected and cannot be deleted.`);
      if (!(await deleteImageRow(deps.db, id))) throw new NotFound(notFound);
      await Promise.all([deps.store.delete(id), deps.staging.delete(id)]);
      return reply.status(204).send();
    },
  );
};
