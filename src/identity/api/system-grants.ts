import { registerGrantFamily } from './grant-routes.js';
import type { RouteModule } from './routes.js';

/** Role grants on the system (`/v3/system/{users,groups}/{id}/roles[/{role_id}]`). */
export const systemGrantRoutes: RouteModule = (app, deps) => {
  for (const actor of ['user', 'group'] as const) {
    const rolesPath = `/v3/system/${actor}s/:${actor}_id/roles`;
    registerGrantFamily(app, deps, {
      actor,
      target: 'system',
      inherited: false,
      rolesPath,
      grantPath: `${rolesPath}/:role_id`,
    });
  }
};
