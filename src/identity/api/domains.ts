import type { FastifyRequest } from 'fastify';
import type { IdentityDeps } from '../deps.js';
import type { Attributes } from '../resources/attributes.js';
import { normalizeKeys } from '../resources/attributes.js';
import {
  createDomain,
  deleteDomain,
  type DomainBody,
  findDomain,
  getDomain,
  listDomains,
  updateDomain,
} from '../resources/domains.js';
import { invalid } from '../resources/errors.js';
import {
  booleanFilter,
  filterAttributes,
  inexactFilters,
  type ListQuery,
  matchesInexact,
  queryValue,
} from '../resources/list-filters.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import { createDomainBody, domainListResponse, domainResponse, updateDomainBody } from './schemas/domains.js';
import { listQuery, noContent, pathParams } from './schemas/resource-fields.js';
import { domainRef, domainView } from './views/domains.js';

const LIST_FILTERS = ['name', 'enabled'] as const;

type DomainRequest = FastifyRequest<{ Params: { domain_id: string } }>;

/** Keystone's `explicit_domain_id`: a UUID as 32 lowercase hex digits. */
function explicitDomainId(body: Attributes): string | undefined {
  const id = body.explicit_domain_id;
  if (id === undefined) return undefined;
  if (typeof id !== 'string' || !/^[0-9a-f]{32}$/.test(id)) {
    throw invalid('Domain ID does not conform to required UUID format.');
  }
  return id;
}

/** `/v3/domains`: CRUD of domains. Disabling a domain revokes every token scoped in it. */
export const domainRoutes: RouteModule = (app, deps: IdentityDeps) => {
  app.get(
    '/v3/domains',
    { schema: { querystring: listQuery(LIST_FILTERS), response: { 200: domainListResponse } } },
    async (request) => {
      const query = request.query as ListQuery;
      deps.policy.enforce('identity:list_domains', filterAttributes(query, LIST_FILTERS), request.context);
      const enabled = queryValue(query, 'enabled');
      const domains = await listDomains(deps.db, {
        name: queryValue(query, 'name'),
        enabled: enabled === undefined ? undefined : booleanFilter(enabled),
      });
      const inexact = inexactFilters(query, LIST_FILTERS);
      return {
        domains: domains
          .map((domain) => domainView(deps.baseUrl, domain))
          .filter((view) => matchesInexact(view, inexact)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get(
    '/v3/domains/:domain_id',
    { schema: { params: pathParams('domain_id'), response: { 200: domainResponse } } },
    async (request: DomainRequest) => {
      const id = request.params.domain_id;
      const found = await findDomain(deps.db, id);
      deps.policy.enforce(
        'identity:get_domain',
        { domain_id: id, target: found ? { domain: domainRef(found) } : {} },
        request.context,
      );
      return { domain: domainView(deps.baseUrl, found ?? (await getDomain(deps.db, id))) };
    },
  );

  app.post(
    '/v3/domains',
    { schema: { body: createDomainBody, response: { 201: domainResponse } } },
    async (request, reply) => {
      deps.policy.enforce('identity:create_domain', {}, request.context);
      const body = normalizeKeys((request.body as { domain: Attributes }).domain) as DomainBody;
      const domain = await createDomain(deps.db, body, { id: explicitDomainId(body), now: deps.now() });
      return reply.code(201).send({ domain: domainView(deps.baseUrl, domain) });
    },
  );

  app.patch(
    '/v3/domains/:domain_id',
    {
      schema: { params: pathParams('domain_id'), body: updateDomainBody, response: { 200: domainResponse } },
    },
    async (request: DomainRequest) => {
      const id = request.params.domain_id;
      const target = await getDomain(deps.db, id);
      deps.policy.enforce(
        'identity:update_domain',
        { domain_id: id, target: { domain: domainRef(target) } },
        request.context,
      );
      // The id is not a field to update; Keystone ignores it here.
      const { id: _ignored, ...body } = normalizeKeys((request.body as { domain: Attributes }).domain);
      const { domain, disabled } = await updateDomain(deps.db, id, body as DomainBody);
      if (disabled) await deps.revocations.revoke({ domainId: id });
      return { domain: domainView(deps.baseUrl, domain) };
    },
  );

  app.delete(
    '/v3/domains/:domain_id',
    { schema: { params: pathParams('domain_id'), response: { 204: noContent } } },
    async (request: DomainRequest, reply) => {
      const id = request.params.domain_id;
      const target = await getDomain(deps.db, id);
      deps.policy.enforce(
        'identity:delete_domain',
        { domain_id: id, target: { domain: domainRef(target) } },
        request.context,
      );
      await deleteDomain(deps.db, id, deps.now());
      await deps.revocations.revoke({ domainId: id });
      return reply.code(204).send();
    },
  );
};
