import { registerGrantFamily } from './grant-routes.js';
import type { RouteModule } from './routes.js';

/**
 * OS-INHERIT: roles granted on a domain or project for every project below it
 * (`/v3/OS-INHERIT/{domains,projects}/{id}/{users,groups}/{id}/roles/{role_id}/inherited_to_projects`).
 * Only the domain forms have a list, as in Keystone.
 */
export const inheritedGrantRoutes: RouteModule = (app, deps) => {
  for (const target of ['domain', 'project'] as const) {
    for (const actor of ['user', 'group'] as const) {
      const base = `/v3/OS-INHERIT/${target}s/:${target}_id/${actor}s/:${actor}_id/roles`;
      registerGrantFamily(app, deps, {
        actor,
        target,
        inherited: true,
        rolesPath: target === 'domain' ? `${base}/inherited_to_projects` : undefined,
        grantPath: `${base}/:role_id/inherited_to_projects`,
      });
    }
  }
};
