import { readAssociationInput } from '../../metadefs/input/metadef-input.js';
import {
  associate,
  dissociate,
  listAllResourceTypes,
  listNamespaceAssociations,
} from '../../metadefs/resource-types.js';
import type { RouteModule } from '../routes.js';
import {
  anyBody,
  associationEntity,
  associationList,
  associationParams,
  namespaceParams,
  noContent,
  resourceTypeList,
} from './metadef-route-schemas.js';
import { associationView, resourceTypeView } from './metadef-views.js';

type Params = { namespace: string };

const ASSOCIATIONS = '/v2/metadefs/namespaces/:namespace/resource_types';

/** `/v2/metadefs/resource_types` and a namespace's associations with resource types. */
export const metadefResourceTypeRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v2/metadefs/resource_types',
    { schema: { response: { 200: resourceTypeList } } },
    async (request) => ({
      resource_types: (await listAllResourceTypes(deps, request.context)).map(resourceTypeView),
    }),
  );

  app.get<{ Params: Params }>(
    ASSOCIATIONS,
    { schema: { params: namespaceParams, response: { 200: associationList } } },
    async (request) => ({
      resource_type_associations: (
        await listNamespaceAssociations(deps, request.context, request.params.namespace)
      ).map(associationView),
    }),
  );

  app.post<{ Params: Params }>(
    ASSOCIATIONS,
    { schema: { params: namespaceParams, body: anyBody, response: { 201: associationEntity } } },
    async (request, reply) => {
      const input = readAssociationInput(request.body);
      const association = await associate(deps, request.context, request.params.namespace, input);
      return reply.status(201).send(associationView(association));
    },
  );

  app.delete<{ Params: Params & { resource_type: string } }>(
    `${ASSOCIATIONS}/:resource_type`,
    { schema: { params: associationParams, response: { 204: noContent } } },
    async (request, reply) => {
      const { namespace, resource_type: resourceType } = request.params;
      await dissociate(deps, request.context, namespace, resourceType);
      return reply.status(204).send();
    },
  );
};
