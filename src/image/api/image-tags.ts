import { ApiError, Forbidden, NotFound } from '../../common/http/errors.js';
import { schemaMismatch } from '../create/create-input.js';
import { saveImage } from '../db/images-repo.js';
import { TAG_QUOTA, TooLarge, tagQuotaMessage } from '../quota.js';
import { ImagePolicy, loadVisibleImage } from './image-access.js';
import { noContent, tagParams } from './route-schemas.js';
import type { RouteModule } from './routes.js';
import type { ImageDeps } from '../deps.js';
import type { RequestContext } from '../../common/auth/context.js';

type Params = { image_id: string; tag_value: string };

/** The image whose tags change, after modify_image; Glance words both refusals its own way. */
async function taggedImage(deps: ImageDeps, context: RequestContext, id: string, verb: 'update' | 'delete') {
  const { image } = await loadVisibleImage(deps, context, id, `Image ${id} not found.`);
  try {
    new ImagePolicy(deps.policy, context, image).enforce('modify_image');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw new NotFound(`Image ${id} not found.`);
    throw new Forbidden(`Not allowed to ${verb} tags for image ${id}.`);
  }
  return image;
}

/** `PUT` and `DELETE /v2/images/{id}/tags/{tag}`. */
export const imageTagRoutes: RouteModule = (app, deps) => {
  app.put<{ Params: Params }>(
    '/v2/images/:image_id/tags/:tag_value',
    { config: { noBody: true }, schema: { params: tagParams, response: { 204: noContent } } },
    async (request, reply) => {
      const { image_id: id, tag_value: tag } = request.params;
      const mismatch = schemaMismatch({ tags: [tag] });
      if (mismatch) throw mismatch;
      const image = await taggedImage(deps, request.context, id, 'update');
      if (!image.tags.includes(tag)) {
        if (image.tags.length + 1 > TAG_QUOTA) {
          throw new TooLarge(
            `Image tag limit exceeded for image ${id}: ${tagQuotaMessage(image.tags.length + 1)}:`,
          );
        }
        image.tags.push(tag);
      }
      image.updated_at = deps.now().toISOString();
      await saveImage(deps.db, image);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: Params }>(
    '/v2/images/:image_id/tags/:tag_value',
    { schema: { params: tagParams, response: { 204: noContent } } },
    async (request, reply) => {
      const { image_id: id, tag_value: tag } = request.params;
      const image = await taggedImage(deps, request.context, id, 'delete');
      if (!image.tags.includes(tag)) throw new NotFound('The resource could not be found.');
      image.tags = image.tags.filter((value) => value !== tag);
      image.updated_at = deps.now().toISOString();
      await saveImage(deps.db, image);
      return reply.status(204).send();
    },
  );
};
