import { registerGrantFamily } from './grant-routes.js';
import type { RouteModule } from './routes.js';

/** Role grants to users and groups on projects and domains (`/v3/{projects,domains}/.../roles`). */
export const grantRoutes: RouteModule = (app, deps) => {
  for (const target of ['project', 'domain'] as const) {
    for (const actor of ['user', 'group'] as const) {
      const rolesPath = `/v3/${target}s/:${target}_id/${actor}s/:${actor}_id/roles`;
      registerGrantFamily(app, deps, {
        actor,
        target,
        inherited: false,
        rolesPath,
        grantPath: `${rolesPath}/:role_id`,
      });
    }
  }
};
