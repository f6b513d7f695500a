import { BadRequest, Forbidden } from '../../common/http/errors.js';
import { updateColumns } from '../db/images-repo.js';
import { transitionRefusal } from '../model/image.js';
import { ImagePolicy, loadVisibleImage } from './image-access.js';
import { imageParams, noContent } from './route-schemas.js';
import type { RouteModule } from './routes.js';

type Params = { image_id: string };

/**
 * `POST /v2/images/{id}/actions/deactivate` and `/reactivate`: an active image's data is locked
 * away from non-admins and back. Repeating an action is a no-op; other statuses are refused.
 */
export const imageActionRoutes: RouteModule = (app, deps) => {
  const actions = [
    { path: 'deactivate', rule: 'deactivate', from: 'active', to: 'deactivated' },
    { path: 'reactivate', rule: 'reactivate', from: 'deactivated', to: 'active' },
  ] as const;
  for (const { path, rule, from, to } of actions) {
    app.post<{ Params: Params }>(
      `/v2/images/:image_id/actions/${path}`,
      { config: { noBody: true }, schema: { params: imageParams, response: { 204: noContent } } },
      async (request, reply) => {
        const { image } = await loadVisibleImage(deps, request.context, request.params.image_id);
        new ImagePolicy(deps.policy, request.context, image).enforce(rule);
        if (image.status === from) {
          const moved = await updateColumns(
            deps.db,
            image.id,
            { status: to, updated_at: deps.now().toISOString() },
            from,
          );
          if (!moved) throw new BadRequest(transitionRefusal(from, to));
        } else if (image.status !== to) {
          throw new Forbidden(`Not allowed to ${path} image in status '${image.status}'`);
        }
        return reply.status(204).send();
      },
    );
  }
};
