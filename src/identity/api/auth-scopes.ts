import { Forbidden } from '../../common/http/errors.js';
import { domainsForUser, effectiveRoles, projectsForUser } from '../assignments/index.js';
import { buildCatalog } from '../catalog/build-catalog.js';
import type { IdentityDeps } from '../deps.js';
import { collectionLinks, entityLinks } from './links.js';
import type { RouteModule } from './routes.js';

const listOf = (key: string) => ({
  200: {
    type: 'object',
    required: [key, 'links'],
    properties: { [key]: { type: 'array' }, links: { type: 'object' } },
  },
});

/** What the caller's token can reach: `/v3/auth/catalog`, `projects`, `domains` and `system`. */
export const authScopeRoutes: RouteModule = (app, deps: IdentityDeps) => {
  app.get('/v3/auth/catalog', { schema: { response: listOf('catalog') } }, async (request) => {
    deps.policy.enforce('identity:get_auth_catalog', {}, request.context);
    if (!request.context.projectId && !request.context.domainId && !request.context.system) {
      throw new Forbidden('A project-scoped token is required to produce a service catalog.');
    }
    return {
      catalog: await buildCatalog(deps.db, { projectId: request.context.projectId }),
      links: collectionLinks(deps.baseUrl, request),
    };
  });

  app.get('/v3/auth/projects', { schema: { response: listOf('projects') } }, async (request) => {
    deps.policy.enforce('identity:get_auth_projects', {}, request.context);
    const projects = await projectsForUser(deps.db, request.context.userId);
    return {
      projects: projects
        .filter((project) => project.enabled)
        .map((project) => ({
          id: project.id,
          name: project.name,
          domain_id: project.domain_id,
          description: project.description,
          enabled: Boolean(project.enabled),
          parent_id: project.parent_id ?? project.domain_id,
          is_domain: false,
          links: entityLinks(deps.baseUrl, `projects/${project.id}`),
        })),
      links: collectionLinks(deps.baseUrl, request),
    };
  });

  app.get('/v3/auth/domains', { schema: { response: listOf('domains') } }, async (request) => {
    deps.policy.enforce('identity:get_auth_domains', {}, request.context);
    const domains = await domainsForUser(deps.db, request.context.userId);
    return {
      domains: domains
        .filter((domain) => domain.enabled)
        .map((domain) => ({
          id: domain.id,
          name: domain.name,
          description: domain.description,
          enabled: Boolean(domain.enabled),
          links: entityLinks(deps.baseUrl, `domains/${domain.id}`),
        })),
      links: collectionLinks(deps.baseUrl, request),
    };
  });

  app.get('/v3/auth/system', { schema: { response: listOf('system') } }, async (request) => {
    deps.policy.enforce('identity:get_auth_system', {}, request.context);
    const roles = await effectiveRoles(deps.db, request.context.userId, { kind: 'system' });
    return { system: roles.length > 0 ? [{ all: true }] : [], links: collectionLinks(deps.baseUrl, request) };
  });
};
