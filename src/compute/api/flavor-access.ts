import type { FastifyInstance } from 'fastify';
import { BadRequest, Conflict, NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { addFlavorAccess, flavorProjects, removeFlavorAccess } from '../flavors/flavor-access-repo.js';
import { getFlavor } from '../flavors/flavors-repo.js';
import { authorize, defaultTarget } from '../policies.js';
import { viewerOf } from './flavors.js';
import { flavorAccessResponse, flavorActionBody, flavorActionParams } from './schemas/flavor-access.js';
import { flavorIdParams } from './schemas/flavors.js';
import { flavorAccessView } from './views/flavors.js';

interface ActionBody {
  addTenantAccess?: { tenant: string };
  removeTenantAccess?: { tenant: string };
}

/**
 * Flavor access (os-flavor-access): who may use a private flavor. The project named is not
 * checked with identity (Nova asks Keystone, and skips the check when it cannot).
 */
export function flavorAccessRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  app.get<{ Params: { flavor_id: string } }>(
    '/flavors/:flavor_id/os-flavor-access',
    { schema: { params: flavorIdParams, response: { 200: flavorAccessResponse } } },
    async (request) => {
      authorize(
        deps.policy,
        'os_compute_api:os-flavor-access',
        defaultTarget(request.context),
        request.context,
      );
      const flavor = await getFlavor(deps.db, viewerOf(deps, request), request.params.flavor_id);
      if (flavor.is_public === 1) throw new NotFound('Access list not available for public flavors.');
      return flavorAccessView(flavor.flavorid, await flavorProjects(deps.db, flavor));
    },
  );

  app.post<{ Params: { flavor_id: string }; Body: ActionBody }>(
    '/flavors/:flavor_id/action',
    {
      schema: { params: flavorActionParams, body: flavorActionBody, response: { 200: flavorAccessResponse } },
    },
    async (request) => {
      const body = request.body;
      const action = Object.keys(body)[0];
      if (body.addTenantAccess) {
        authorize(deps.policy, 'os_compute_api:os-flavor-access:add_tenant_access', {}, request.context);
        const flavor = await getFlavor(deps.db, viewerOf(deps, request), request.params.flavor_id);
        if (request.microversion.atLeast('2.7') && flavor.is_public === 1) {
          throw new Conflict('Can not add access to a public flavor.');
        }
        await addFlavorAccess(deps.db, flavor, body.addTenantAccess.tenant, deps.now());
        return flavorAccessView(flavor.flavorid, await flavorProjects(deps.db, flavor));
      }
      if (body.removeTenantAccess) {
        authorize(deps.policy, 'os_compute_api:os-flavor-access:remove_tenant_access', {}, request.context);
        const flavor = await getFlavor(deps.db, viewerOf(deps, request), request.params.flavor_id);
        await removeFlavorAccess(deps.db, flavor, body.removeTenantAccess.tenant);
        return flavorAccessView(flavor.flavorid, await flavorProjects(deps.db, flavor));
      }
      throw new BadRequest(`There is no such action: ${action}`);
    },
  );
}
