import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PolicyEnforcer } from '../../../common/policy/types.js';
import { badRequest, notFound, policyNotAuthorized, revisionConstraintFailed } from '../../errors.js';
import type { ApiRecord, CallContext, ResourceDefinition } from './definition.js';
import { parseListQuery, type QueryParameters } from './list-query.js';
import {
  matchesFilters,
  matchesTags,
  pageLinks,
  pageRecords,
  sortRecords,
  type FilterMatcher,
} from './list-results.js';
import { prepareCreate, prepareUpdate } from './request-body.js';

/** What the engine needs besides a resource: policy, the rules that exist, the page cap, the public URL. */
export interface EngineEnvironment {
  policy: PolicyEnforcer;
  /** Names of the policy rules, so per-attribute rules apply only where one is defined. */
  ruleNames: ReadonlySet<string>;
  /** Neutron's pagination_max_limit; 0 for none. */
  maxLimit: number;
  /** Public URL of the API, e.g. `http://127.0.0.1:5000/network/v2.0`. */
  apiUrl: string;
}

/** Extra behaviour a resource plugs into the generic routes. */
export interface ResourceRouteOptions {
  filterMatchers?: Record<string, FilterMatcher>;
}

const RECORD_SCHEMA = { type: 'object', additionalProperties: true } as const;
const ID_PARAMS = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
} as const;

export function callContext(request: FastifyRequest): CallContext {
  const context = request.context;
  return { context, isAdmin: context.roles.includes('admin') };
}

/** `If-Match: revision_number=N`, as Neutron's check_request_for_revision_constraint reads it. */
function revisionConstraint(request: FastifyRequest): number | null {
  const header = request.headers['if-match'];
  if (typeof header !== 'string') return null;
  let revision: number | null = null;
  for (const tag of header.split(',').map((part) => part.trim().replace(/^"|"$/g, ''))) {
    if (!tag.startsWith('revision_number=')) continue;
    if (revision !== null) throw badRequest('Multiple revision_number etags are not supported.');
    const value = tag.slice('revision_number='.length);
    if (!/^-?\d+$/.test(value))
      throw badRequest('Revision number etag must be in the format of revision_number=<int>');
    revision = Number(value);
  }
  return revision;
}

/**
 * Registers a resource's routes, as Neutron's API controller serves every resource the same
 * way: list with filters, fields, sorting and paging; show; create (and bulk create); update
 * with the revision constraint; delete. Policy decides per action and per attribute; what the
 * caller may not see answers as absent.
 */
export function registerResource(
  app: FastifyInstance,
  definition: ResourceDefinition,
  env: EngineEnvironment,
  options: ResourceRouteOptions = {},
): void {
  const { singular, plural, path, attributes, handler } = definition;
  const operations = new Set(definition.operations ?? ['list', 'show', 'create', 'update', 'delete']);
  const missing = (id: string) => notFound(definition.notFound.type, definition.notFound.message(id));
  const target = async (call: CallContext, record: Record<string, unknown>) =>
    definition.policyTarget ? { ...record, ...(await definition.policyTarget(call, record)) } : record;

  /** The record as this caller may see it: visible attributes whose get rule passes, and only `fields` if asked. */
  const view = (call: CallContext, record: ApiRecord, fields: string[] = []): Record<string, unknown> => {
    const shown: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(record)) {
      const spec = attributes[name];
      if (spec?.visible === false) continue;
      const rule = `get_${singular}:${name}`;
      if (env.ruleNames.has(rule) && !env.policy.check(rule, record, call.context)) continue;
      if (fields.length > 0 && !fields.includes(name)) continue;
      shown[name] = value;
    }
    return shown;
  };

  const load = async (call: CallContext, id: string): Promise<ApiRecord> => {
    const record = await handler.get(call, id);
    if (!record || !env.policy.check(`get_${singular}`, await target(call, record), call.context))
      throw missing(id);
    return record;
  };

  if (operations.has('list')) {
    app.get(path, { schema: { response: { 200: RECORD_SCHEMA } } }, async (request) => {
      const call = callContext(request);
      const query = parseListQuery(request.query as QueryParameters, attributes, env.maxLimit);
      const all = await handler.list(call, query.filters);
      const visible: ApiRecord[] = [];
      for (const record of all) {
        if (!matchesFilters(record, query.filters, options.filterMatchers)) continue;
        if (!matchesTags(record, query.tagFilters)) continue;
        if (!env.policy.check(`get_${singular}`, await target(call, record), call.context)) continue;
        visible.push(record);
      }
      const sorted =
        query.sorts.length > 0 || query.limit || query.marker ? sortRecords(visible, query.sorts) : visible;
      const page = pageRecords(sorted, query);
      const body: Record<string, unknown> = {
        [plural]: page.map((record) => view(call, record, query.fields)),
      };
      if (query.limit) {
        const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
        body[`${plural}_links`] = pageLinks(`${env.apiUrl}${path}`, rawQuery, page, query);
      }
      return body;
    });
  }

  if (operations.has('show')) {
    app.get(
      `${path}/:id`,
      { schema: { params: ID_PARAMS, response: { 200: RECORD_SCHEMA } } },
      async (request) => {
        const call = callContext(request);
        const { id } = request.params as { id: string };
        const fields = [(request.query as QueryParameters).fields ?? []].flat().filter(Boolean) as string[];
        return { [singular]: view(call, await load(call, id), fields) };
      },
    );
  }

  if (operations.has('create')) {
    app.post(path, { schema: { body: {}, response: { 201: RECORD_SCHEMA } } }, async (request, reply) => {
      const call = callContext(request);
      const prepared = prepareCreate(call, attributes, { ...definition }, request.body);
      for (const [index, values] of prepared.items.entries()) {
        const policyTarget = await target(call, values);
        if (!env.policy.check(`create_${singular}`, policyTarget, call.context)) {
          throw policyNotAuthorized(`create_${singular}`);
        }
        for (const name of prepared.given[index]) {
          const rule = `create_${singular}:${name}`;
          if (
            attributes[name]?.enforcePolicy &&
            env.ruleNames.has(rule) &&
            !env.policy.check(rule, policyTarget, call.context)
          ) {
            throw policyNotAuthorized(rule);
          }
        }
      }
      const created: ApiRecord[] = [];
      try {
        for (const values of prepared.items) created.push(await handler.create(call, values));
      } catch (error) {
        // A bulk create is all or nothing, as Neutron's emulated bulk rolls back.
        for (const record of created.reverse()) await handler.delete(call, record).catch(() => undefined);
        throw error;
      }
      reply.status(201);
      return prepared.bulk
        ? { [plural]: created.map((record) => view(call, record)) }
        : { [singular]: view(call, created[0]) };
    });
  }

  if (operations.has('update')) {
    app.put(
      `${path}/:id`,
      { schema: { params: ID_PARAMS, body: {}, response: { 200: RECORD_SCHEMA } } },
      async (request) => {
        const call = callContext(request);
        const { id } = request.params as { id: string };
        const changes = prepareUpdate(call, attributes, singular, request.body);
        const current = await load(call, id);
        const policyTarget = await target(call, { ...current, ...changes });
        if (!env.policy.check(`update_${singular}`, await target(call, current), call.context)) {
          throw policyNotAuthorized(`update_${singular}`);
        }
        for (const name of Object.keys(changes)) {
          const rule = `update_${singular}:${name}`;
          if (
            attributes[name]?.enforcePolicy &&
            env.ruleNames.has(rule) &&
            !env.policy.check(rule, policyTarget, call.context)
          ) {
            throw policyNotAuthorized(rule);
          }
        }
        const expected = revisionConstraint(request);
        if (expected !== null && expected !== current.revision_number) {
          throw revisionConstraintFailed(expected, current.revision_number as number);
        }
        return { [singular]: view(call, await handler.update(call, current, changes)) };
      },
    );
  }

  if (operations.has('delete')) {
    app.delete(
      `${path}/:id`,
      { schema: { params: ID_PARAMS, response: { 204: { type: 'null' } } } },
      async (request, reply) => {
        const call = callContext(request);
        const { id } = request.params as { id: string };
        const current = await load(call, id);
        if (!env.policy.check(`delete_${singular}`, await target(call, current), call.context)) {
          throw policyNotAuthorized(`delete_${singular}`);
        }
        const expected = revisionConstraint(request);
        if (expected !== null && expected !== current.revision_number) {
          throw revisionConstraintFailed(expected, current.revision_number as number);
        }
        await handler.delete(call, current);
        reply.status(204);
      },
    );
  }
}
