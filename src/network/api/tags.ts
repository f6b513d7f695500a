import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RESOURCE_TABLES, type ResourceTable } from '../db/schema.js';
import type { NetworkDeps } from '../deps.js';
import { NeutronError, invalidInput, notFound, policyNotAuthorized } from '../errors.js';
import { TagStore } from '../tags/tag-store.js';
import type { ApiRecord, CallContext, ResourceDefinition } from './engine/definition.js';
import { callContext, type EngineEnvironment } from './engine/resource-routes.js';
import { validListOf, validString } from './engine/validators.js';

/** The tables of the resources Neutron tags (standard attributes with `tag_support`). */
const TAGGABLE: readonly ResourceTable[] = [
  'networks',
  'subnets',
  'ports',
  'subnetpools',
  'routers',
  'floatingips',
  'security_groups',
];

/** neutron's MAX_TAG_LEN and MAX_TAGS_COUNT. */
const MAX_TAG_LENGTH = 255;
const MAX_TAGS = 50;

const validTags = validListOf(validString(MAX_TAG_LENGTH));
const OBJECT = { type: 'object', additionalProperties: true } as const;
const EMPTY = { type: 'null' } as const;
const ID_PARAMS = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const TAG_PARAMS = {
  type: 'object',
  properties: { id: { type: 'string' }, tag: { type: 'string' } },
  required: ['id', 'tag'],
} as const;

/** The table a collection is kept in (`/security-groups` in `security_groups`), when it is one Neutron tags. */
function taggableTable(definition: ResourceDefinition): ResourceTable | null {
  const table = definition.path.slice(1).replace(/-/g, '_') as ResourceTable;
  return definition.attributes.tags && RESOURCE_TABLES.includes(table) && TAGGABLE.includes(table)
    ? table
    : null;
}

/** neutron's validate_tag. */
function checkTag(tag: string): void {
  const reason = validString(MAX_TAG_LENGTH)(tag);
  if (reason) throw invalidInput(reason);
}

/** neutron's validate_tags: `{"tags": [unique strings]}`. */
function bodyTags(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('tags' in body)) {
    throw invalidInput('Invalid tags body');
  }
  const tags = (body as { tags: unknown }).tags;
  const reason = validTags(tags);
  if (reason) throw invalidInput(reason);
  return tags as string[];
}

/** neutron's validate_tags_limit, a BadRequest naming the collection. */
function checkTagCount(table: string, tags: string[]): void {
  if (new Set(tags).size > MAX_TAGS) {
    throw new NeutronError(
      400,
      'BadRequest',
      `Bad ${table} request: The number of tags exceed the per-resource limit of ${MAX_TAGS}.`,
    );
  }
}

/**
 * Neutron's standard-attr-tag (and tag-creation) for every taggable collection:
 * `/{collection}/{id}/tags` lists, replaces (PUT), adds (POST) and clears (DELETE) the tags,
 * `/{collection}/{id}/tags/{tag}` checks (GET, 204 or 404), adds (PUT) and removes one. The
 * resource must be one the caller sees (else it is not found), and changing its tags needs the
 * right to update it.
 */
export function registerTagRoutes(
  app: FastifyInstance,
  definitions: ResourceDefinition[],
  env: EngineEnvironment,
  deps: NetworkDeps,
): void {
  for (const definition of definitions) {
    const table = taggableTable(definition);
    if (table) registerCollectionTags(app, definition, table, env, deps);
  }
}

function registerCollectionTags(
  app: FastifyInstance,
  definition: ResourceDefinition,
  table: ResourceTable,
  env: EngineEnvironment,
  deps: NetworkDeps,
): void {
  const { singular, path } = definition;
  const store = new TagStore(deps, table);
  const target = async (call: CallContext, record: ApiRecord) =>
    definition.policyTarget ? { ...record, ...(await definition.policyTarget(call, record)) } : record;

  /** The resource, when the caller sees it; with `update`, when it may also change it. */
  const load = async (request: FastifyRequest, update: boolean): Promise<ApiRecord> => {
    const call = callContext(request);
    const { id } = request.params as { id: string };
    const record = await definition.handler.get(call, id);
    const policyTarget = record ? await target(call, record) : null;
    if (!record || !policyTarget || !env.policy.check(`get_${singular}`, policyTarget, call.context)) {
      throw notFound('TagResourceNotFound', `Resource ${table} ${id} could not be found.`);
    }
    if (update && !env.policy.check(`update_${singular}`, policyTarget, call.context)) {
      throw policyNotAuthorized(`update_${singular}`);
    }
    return record;
  };
  const tagParam = (request: FastifyRequest) => {
    const { tag } = request.params as { tag: string };
    checkTag(tag);
    return tag;
  };
  const tagNotFound = (tag: string) => notFound('TagNotFound', `Tag ${tag} could not be found.`);

  app.get(
    `${path}/:id/tags`,
    { schema: { params: ID_PARAMS, response: { 200: OBJECT } } },
    async (request) => {
      const record = await load(request, false);
      return { tags: await store.tags(deps.db, record.id) };
    },
  );

  app.put(
    `${path}/:id/tags`,
    { schema: { params: ID_PARAMS, body: {}, response: { 200: OBJECT } } },
    async (request) => {
      const tags = bodyTags(request.body);
      const record = await load(request, true);
      checkTagCount(table, tags);
      await store.replace(record.id, tags);
      return { tags };
    },
  );

  app.post(
    `${path}/:id/tags`,
    { schema: { params: ID_PARAMS, body: {}, response: { 201: OBJECT } } },
    async (request, reply) => {
      const tags = bodyTags(request.body);
      const record = await load(request, true);
      checkTagCount(table, [...(await store.tags(deps.db, record.id)), ...tags]);
      await store.add(record.id, tags);
      reply.status(201);
      return { tags };
    },
  );

  app.delete(
    `${path}/:id/tags`,
    { schema: { params: ID_PARAMS, response: { 204: EMPTY } } },
    async (request, reply) => {
      const record = await load(request, true);
      await store.clear(record.id);
      reply.status(204);
    },
  );

  app.get(
    `${path}/:id/tags/:tag`,
    { schema: { params: TAG_PARAMS, response: { 204: EMPTY } } },
    async (request, reply) => {
      const tag = tagParam(request);
      const record = await load(request, false);
      if (!(await store.tags(deps.db, record.id)).includes(tag)) throw tagNotFound(tag);
      reply.status(204);
    },
  );

  app.put(
    `${path}/:id/tags/:tag`,
    { config: { noBody: true }, schema: { params: TAG_PARAMS, response: { 201: EMPTY } } },
    async (request, reply) => {
      const tag = tagParam(request);
      const record = await load(request, true);
      checkTagCount(table, [...(await store.tags(deps.db, record.id)), tag]);
      await store.add(record.id, [tag]);
      reply.status(201);
    },
  );

  app.delete(
    `${path}/:id/tags/:tag`,
    { schema: { params: TAG_PARAMS, response: { 204: EMPTY } } },
    async (request, reply) => {
      const tag = tagParam(request);
      const record = await load(request, true);
      if (!(await store.remove(record.id, tag))) throw tagNotFound(tag);
      reply.status(204);
    },
  );
}
