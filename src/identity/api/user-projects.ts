import { NotFound } from '../../common/http/errors.js';
import { findUser, projectsForUser } from '../assignments/index.js';
import {
  booleanFilter,
  filterAttributes,
  inexactFilters,
  matchesInexact,
  queryValue,
  type ListQuery,
} from '../resources/list-filters.js';
import { withTags } from '../resources/projects.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import { projectListResponse } from './schemas/projects.js';
import { pathParams } from './schemas/response-envelopes.js';
import { projectView } from './views/projects.js';

const FILTERS = ['domain_id', 'enabled', 'name'] as const;

/** `GET /v3/users/{user_id}/projects`: the projects where the user has an effective role. */
export const userProjectRoutes: RouteModule = (app, deps) => {
  app.get<{ Params: { user_id: string }; Querystring: ListQuery }>(
    '/v3/users/:user_id/projects',
    { schema: { params: pathParams('user_id'), response: { 200: projectListResponse } } },
    async (request) => {
      const { user_id: userId } = request.params;
      const query = request.query;
      const user = await findUser(deps.db, userId);
      deps.policy.enforce(
        'identity:list_user_projects',
        { user_id: userId, target: user ? { user } : {}, ...filterAttributes(query, FILTERS) },
        request.context,
      );
      if (!user) throw new NotFound(`Could not find user: ${userId}.`);
      const name = queryValue(query, 'name');
      const domainId = queryValue(query, 'domain_id');
      const enabled = queryValue(query, 'enabled');
      const inexact = inexactFilters(query, FILTERS);
      const projects = await withTags(deps.db, await projectsForUser(deps.db, userId));
      return {
        projects: projects
          .filter(
            (project) =>
              (name === undefined || project.name === name) &&
              (domainId === undefined || project.domainId === domainId) &&
              (enabled === undefined || project.enabled === booleanFilter(enabled)),
          )
          .map((project) => projectView(deps.baseUrl, project))
          .filter((view) => matchesInexact(view, inexact)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );
};
