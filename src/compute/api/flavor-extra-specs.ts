import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import type { ComputeDeps } from '../deps.js';
import { validateExtraSpec } from '../flavors/extra-spec-validation.js';
import { deleteExtraSpec, setExtraSpecs } from '../flavors/extra-specs-repo.js';
import { extraSpecsOf, getFlavor } from '../flavors/flavors-repo.js';
import { authorize } from '../policies.js';
import { viewerOf } from './flavors.js';
import {
  createExtraSpecsBody,
  extraSpecParams,
  extraSpecResponse,
  extraSpecsResponse,
  updateExtraSpecBody,
} from './schemas/flavor-extra-specs.js';
import { flavorIdParams } from './schemas/flavors.js';

type Specs = Record<string, string | number>;

const POLICY = 'os_compute_api:os-flavor-extra-specs';

function noSuchKey(flavorId: string, key: string): NotFound {
  return new NotFound(`Flavor ${flavorId} has no extra specs with key ${key}.`);
}

/** Values as stored (numbers become text), each checked from 2.86 as Nova's validators do. */
function checkedSpecs(request: FastifyRequest, specs: Specs): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [key, value] of Object.entries(specs)) {
    checked[key] = String(value);
    if (request.microversion.atLeast('2.86')) validateExtraSpec(key, checked[key]);
  }
  return checked;
}

async function specsOf(deps: ComputeDeps, request: FastifyRequest, flavorId: string) {
  const flavor = await getFlavor(deps.db, viewerOf(deps, request), flavorId);
  return { flavor, specs: (await extraSpecsOf(deps.db, [flavor.id])).get(flavor.id)! };
}

/** Flavor extra specs (os-extra_specs): anyone who sees the flavor reads them, admins write. */
export function flavorExtraSpecRoutes(app: FastifyInstance, deps: ComputeDeps): void {
  const own = (request: FastifyRequest) => ({ project_id: request.context.projectId });

  app.get<{ Params: { flavor_id: string } }>(
    '/flavors/:flavor_id/os-extra_specs',
    { schema: { params: flavorIdParams, response: { 200: extraSpecsResponse } } },
    async (request) => {
      authorize(deps.policy, `${POLICY}:index`, own(request), request.context);
      return { extra_specs: (await specsOf(deps, request, request.params.flavor_id)).specs };
    },
  );

  app.post<{ Params: { flavor_id: string }; Body: { extra_specs: Specs } }>(
    '/flavors/:flavor_id/os-extra_specs',
    { schema: { params: flavorIdParams, body: createExtraSpecsBody, response: { 200: extraSpecsResponse } } },
    async (request) => {
      authorize(deps.policy, `${POLICY}:create`, {}, request.context);
      const specs = checkedSpecs(request, request.body.extra_specs);
      const flavor = await getFlavor(deps.db, viewerOf(deps, request), request.params.flavor_id);
      await setExtraSpecs(deps.db, flavor, specs, deps.now());
      return request.body;
    },
  );

  app.get<{ Params: { flavor_id: string; key: string } }>(
    '/flavors/:flavor_id/os-extra_specs/:key',
    { schema: { params: extraSpecParams, response: { 200: extraSpecResponse } } },
    async (request) => {
      const { flavor_id: flavorId, key } = request.params;
      authorize(deps.policy, `${POLICY}:show`, own(request), request.context);
      const { specs } = await specsOf(deps, request, flavorId);
      if (!(key in specs)) throw noSuchKey(flavorId, key);
      return { [key]: specs[key] };
    },
  );

  app.put<{ Params: { flavor_id: string; key: string }; Body: Specs }>(
    '/flavors/:flavor_id/os-extra_specs/:key',
    { schema: { params: extraSpecParams, body: updateExtraSpecBody, response: { 200: extraSpecResponse } } },
    async (request) => {
      authorize(deps.policy, `${POLICY}:update`, {}, request.context);
      const specs = checkedSpecs(request, request.body);
      if (!(request.params.key in request.body)) throw new BadRequest('Request body and URI mismatch');
      const flavor = await getFlavor(deps.db, viewerOf(deps, request), request.params.flavor_id);
      await setExtraSpecs(deps.db, flavor, specs, deps.now());
      return request.body;
    },
  );

  app.delete<{ Params: { flavor_id: string; key: string } }>(
    '/flavors/:flavor_id/os-extra_specs/:key',
    { schema: { params: extraSpecParams, response: { 200: { type: 'null' } } } },
    async (request, reply) => {
      const { flavor_id: flavorId, key } = request.params;
      authorize(deps.policy, `${POLICY}:delete`, {}, request.context);
      const flavor = await getFlavor(deps.db, viewerOf(deps, request), flavorId);
      if (!(await deleteExtraSpec(deps.db, flavor, key))) throw noSuchKey(flavorId, key);
      return reply.status(200).send();
    },
  );
}
