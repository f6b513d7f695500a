import { queryPairs } from '../../list/list-links.js';
import { readTagInput, readTagListInput } from '../../metadefs/input/metadef-input.js';
import { deleteNamespaceContent } from '../../metadefs/namespaces.js';
import {
  createTag,
  createTags,
  deleteNamespaceTag,
  listNamespaceTags,
  showTag,
  updateTag,
} from '../../metadefs/tags.js';
import type { RouteModule } from '../routes.js';
import {
  anyBody,
  anyQuery,
  namespaceParams,
  noContent,
  tagEntity,
  tagList,
  tagParams,
} from './metadef-route-schemas.js';
import { tagView } from './metadef-views.js';

type Params = { namespace: string };
type TagParams = Params & { tag_name: string };

const TAGS = '/v2/metadefs/namespaces/:namespace/tags';

/** oslo's bool_from_string, as Glance reads `X-Openstack-Append`. */
const isTrue = (header: string | string[] | undefined) =>
  ['1', 't', 'true', 'on', 'y', 'yes'].includes(
    String(header ?? '')
      .trim()
      .toLowerCase(),
  );

/** `/v2/metadefs/namespaces/{namespace}/tags`: a namespace's tags. */
export const metadefTagRoutes: RouteModule = (app, deps) => {
  app.post<{ Params: Params }>(
    TAGS,
    { schema: { params: namespaceParams, body: anyBody, response: { 201: tagList } } },
    async (request, reply) => {
      const names = readTagListInput(request.body);
      const append = isTrue(request.headers['x-openstack-append']);
      await createTags(deps, request.context, request.params.namespace, names, append);
      return reply.status(201).send({ tags: names.map((name) => ({ name })) });
    },
  );

  app.get<{ Params: Params }>(
    TAGS,
    { schema: { params: namespaceParams, querystring: anyQuery, response: { 200: tagList } } },
    async (request) => {
      const tags = await listNamespaceTags(
        deps,
        request.context,
        request.params.namespace,
        queryPairs(request.url),
      );
      return { tags: tags.map(({ name }) => ({ name })) };
    },
  );

  app.delete<{ Params: Params }>(
    TAGS,
    { schema: { params: namespaceParams, response: { 204: noContent } } },
    async (request, reply) => {
      await deleteNamespaceContent(deps, request.context, request.params.namespace, 'tags');
      return reply.status(204).send();
    },
  );

  app.post<{ Params: TagParams }>(
    `${TAGS}/:tag_name`,
    { config: { noBody: true }, schema: { params: tagParams, response: { 201: tagEntity } } },
    async (request, reply) => {
      const { namespace, tag_name: name } = request.params;
      return reply.status(201).send(tagView(await createTag(deps, request.context, namespace, name)));
    },
  );

  app.get<{ Params: TagParams }>(
    `${TAGS}/:tag_name`,
    { schema: { params: tagParams, response: { 200: tagEntity } } },
    async (request) => {
      const { namespace, tag_name: name } = request.params;
      return tagView(await showTag(deps, request.context, namespace, name));
    },
  );

  app.put<{ Params: TagParams }>(
    `${TAGS}/:tag_name`,
    { schema: { params: tagParams, body: anyBody, response: { 200: tagEntity } } },
    async (request) => {
      const newName = readTagInput(request.body);
      const { namespace, tag_name: name } = request.params;
      return tagView(await updateTag(deps, request.context, namespace, name, newName));
    },
  );

  app.delete<{ Params: TagParams }>(
    `${TAGS}/:tag_name`,
    { schema: { params: tagParams, response: { 204: noContent } } },
    async (request, reply) => {
      const { namespace, tag_name: name } = request.params;
      await deleteNamespaceTag(deps, request.context, namespace, name);
      return reply.status(204).send();
    },
  );
};
