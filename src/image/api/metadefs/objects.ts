import { queryPairs } from '../../list/list-links.js';
import { readObjectInput } from '../../metadefs/input/metadef-input.js';
import { parseListQuery } from '../../metadefs/list-query.js';
import { deleteNamespaceContent } from '../../metadefs/namespaces.js';
import {
  createObject,
  deleteNamespaceObject,
  listNamespaceObjects,
  showObject,
  updateObject,
} from '../../metadefs/objects.js';
import type { RouteModule } from '../routes.js';
import {
  anyBody,
  anyQuery,
  namespaceParams,
  noContent,
  objectEntity,
  objectList,
  objectParams,
} from './metadef-route-schemas.js';
import { objectView } from './metadef-views.js';

type Params = { namespace: string };
type ObjectParams = Params & { object_name: string };

const OBJECTS = '/v2/metadefs/namespaces/:namespace/objects';

/** `/v2/metadefs/namespaces/{namespace}/objects`: a namespace's objects. */
export const metadefObjectRoutes: RouteModule = (app, deps) => {
  app.post<{ Params: Params }>(
    OBJECTS,
    { schema: { params: namespaceParams, body: anyBody, response: { 201: objectEntity } } },
    async (request, reply) => {
      const input = readObjectInput(request.body, 'create');
      const { namespace } = request.params;
      const created = await createObject(deps, request.context, namespace, input);
      return reply.status(201).send(objectView(namespace, created));
    },
  );

  app.get<{ Params: Params }>(
    OBJECTS,
    { schema: { params: namespaceParams, querystring: anyQuery, response: { 200: objectList } } },
    async (request) => {
      // Glance checks the paging parameters of this list but does not page it.
      parseListQuery(queryPairs(request.url), {
        positiveLimit: true,
        visibilities: ['public', 'private', 'shared'],
      });
      const { namespace } = request.params;
      const objects = await listNamespaceObjects(deps, request.context, namespace);
      // Glance's own link, without its leading slash.
      return {
        objects: objects.map((object) => objectView(namespace, object)),
        schema: 'v2/schemas/metadefs/objects',
      };
    },
  );

  app.delete<{ Params: Params }>(
    OBJECTS,
    { schema: { params: namespaceParams, response: { 204: noContent } } },
    async (request, reply) => {
      await deleteNamespaceContent(deps, request.context, request.params.namespace, 'objects');
      return reply.status(204).send();
    },
  );

  app.get<{ Params: ObjectParams }>(
    `${OBJECTS}/:object_name`,
    { schema: { params: objectParams, response: { 200: objectEntity } } },
    async (request) => {
      const { namespace, object_name: name } = request.params;
      return objectView(namespace, await showObject(deps, request.context, namespace, name));
    },
  );

  app.put<{ Params: ObjectParams }>(
    `${OBJECTS}/:object_name`,
    { schema: { params: objectParams, body: anyBody, response: { 200: objectEntity } } },
    async (request) => {
      const input = readObjectInput(request.body, 'update');
      const { namespace, object_name: name } = request.params;
      return objectView(namespace, await updateObject(deps, request.context, namespace, name, input));
    },
  );

  app.delete<{ Params: ObjectParams }>(
    `${OBJECTS}/:object_name`,
    { schema: { params: objectParams, response: { 204: noContent } } },
    async (request, reply) => {
      const { namespace, object_name: name } = request.params;
      await deleteNamespaceObject(deps, request.context, namespace, name);
      return reply.status(204).send();
    },
  );
};
