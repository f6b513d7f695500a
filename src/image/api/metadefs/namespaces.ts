import { firstHref, nextHref } from '../../../common/http/pagination.js';
import { queryPairs } from '../../list/list-links.js';
import { createNamespace } from '../../metadefs/create-namespace.js';
import { readNamespaceInput } from '../../metadefs/input/metadef-input.js';
import { readFilters } from '../../metadefs/list-query.js';
import { listNamespaces } from '../../metadefs/list-namespaces.js';
import { deleteNamespace, showNamespace, updateNamespace } from '../../metadefs/namespaces.js';
import type { RouteModule } from '../routes.js';
import {
  anyBody,
  anyQuery,
  namespaceEntity,
  namespaceList,
  namespaceParams,
  noContent,
} from './metadef-route-schemas.js';
import { createdNamespaceView, namespaceDetailView, namespaceView } from './metadef-views.js';

type Params = { namespace: string };

const COLLECTION = '/v2/metadefs/namespaces';

/** `/v2/metadefs/namespaces`: create, list, show, replace and delete namespaces. */
export const metadefNamespaceRoutes: RouteModule = (app, deps) => {
  app.post(
    COLLECTION,
    { schema: { body: anyBody, response: { 201: namespaceEntity } } },
    async (request, reply) => {
      const input = readNamespaceInput(request.body);
      const namespace = await createNamespace(deps, request.context, input);
      return reply
        .status(201)
        .header('location', `${deps.baseUrl}${COLLECTION}/${namespace.namespace}`)
        .send(createdNamespaceView(namespace, input));
    },
  );

  app.get(
    COLLECTION,
    { schema: { querystring: anyQuery, response: { 200: namespaceList } } },
    async (request) => {
      const query = queryPairs(request.url);
      const { namespaces, nextMarker } = await listNamespaces(deps, request.context, query);
      // Glance links pages with `dict(params)`: one value (the last) per parameter.
      const params = `?${new URLSearchParams([...new Map(query)]).toString()}`;
      const next = nextHref(COLLECTION, params, nextMarker);
      return {
        namespaces: namespaces.map(namespaceDetailView),
        ...(next === undefined ? {} : { next }),
        schema: '/v2/schemas/metadefs/namespaces',
        first: firstHref(COLLECTION, params),
      };
    },
  );

  app.get<{ Params: Params }>(
    `${COLLECTION}/:namespace`,
    { schema: { params: namespaceParams, querystring: anyQuery, response: { 200: namespaceEntity } } },
    async (request) => {
      // Glance checks the `visibility` filter here too, though a namespace is shown whatever it is.
      const filters = readFilters(queryPairs(request.url), ['public', 'private']);
      const detail = await showNamespace(
        deps,
        request.context,
        request.params.namespace,
        filters.get('resource_type'),
      );
      return namespaceDetailView(detail);
    },
  );

  app.put<{ Params: Params }>(
    `${COLLECTION}/:namespace`,
    { schema: { params: namespaceParams, body: anyBody, response: { 200: namespaceEntity } } },
    async (request) => {
      const input = readNamespaceInput(request.body);
      return namespaceView(await updateNamespace(deps, request.context, request.params.namespace, input));
    },
  );

  app.delete<{ Params: Params }>(
    `${COLLECTION}/:namespace`,
    { schema: { params: namespaceParams, response: { 204: noContent } } },
    async (request, reply) => {
      await deleteNamespace(deps, request.context, request.params.namespace);
      return reply.status(204).send();
    },
  );
};
