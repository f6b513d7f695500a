import { queryPairs } from '../../list/list-links.js';
import { readPropertyInput } from '../../metadefs/input/metadef-input.js';
import { deleteNamespaceContent } from '../../metadefs/namespaces.js';
import {
  createProperty,
  deleteNamespaceProperty,
  listNamespaceProperties,
  showProperty,
  updateProperty,
} from '../../metadefs/properties.js';
import type { RouteModule } from '../routes.js';
import {
  anyBody,
  anyQuery,
  namespaceParams,
  noContent,
  propertyEntity,
  propertyList,
  propertyParams,
} from './metadef-route-schemas.js';
import { propertyView } from './metadef-views.js';

type Params = { namespace: string };
type PropertyParams = Params & { property_name: string };

const PROPERTIES = '/v2/metadefs/namespaces/:namespace/properties';

/** `/v2/metadefs/namespaces/{namespace}/properties`: a namespace's property definitions. */
export const metadefPropertyRoutes: RouteModule = (app, deps) => {
  app.post<{ Params: Params }>(
    PROPERTIES,
    { schema: { params: namespaceParams, body: anyBody, response: { 201: propertyEntity } } },
    async (request, reply) => {
      const property = readPropertyInput(request.body);
      await createProperty(deps, request.context, request.params.namespace, property);
      return reply.status(201).send(propertyView(property.definition, property.name));
    },
  );

  app.get<{ Params: Params }>(
    PROPERTIES,
    { schema: { params: namespaceParams, response: { 200: propertyList } } },
    async (request) => {
      const properties = await listNamespaceProperties(deps, request.context, request.params.namespace);
      return {
        properties: Object.fromEntries(
          properties.map(({ name, definition }) => [name, propertyView(definition)]),
        ),
      };
    },
  );

  app.delete<{ Params: Params }>(
    PROPERTIES,
    { schema: { params: namespaceParams, response: { 204: noContent } } },
    async (request, reply) => {
      await deleteNamespaceContent(deps, request.context, request.params.namespace, 'properties');
      return reply.status(204).send();
    },
  );

  app.get<{ Params: PropertyParams }>(
    `${PROPERTIES}/:property_name`,
    { schema: { params: propertyParams, querystring: anyQuery, response: { 200: propertyEntity } } },
    async (request) => {
      const { namespace, property_name: name } = request.params;
      const resourceType = new Map(queryPairs(request.url)).get('resource_type');
      const property = await showProperty(deps, request.context, namespace, name, resourceType);
      return propertyView(property.definition, property.name);
    },
  );

  app.put<{ Params: PropertyParams }>(
    `${PROPERTIES}/:property_name`,
    { schema: { params: propertyParams, body: anyBody, response: { 200: propertyEntity } } },
    async (request) => {
      const property = readPropertyInput(request.body);
      const { namespace, property_name: name } = request.params;
      await updateProperty(deps, request.context, namespace, name, property);
      return propertyView(property.definition, property.name);
    },
  );

  app.delete<{ Params: PropertyParams }>(
    `${PROPERTIES}/:property_name`,
    { schema: { params: propertyParams, response: { 204: noContent } } },
    async (request, reply) => {
      const { namespace, property_name: name } = request.params;
      await deleteNamespaceProperty(deps, request.context, namespace, name);
      return reply.status(204).send();
    },
  );
};
