import { requireMicroversion } from '../../common/http/microversion.js';
import { getAllocationCandidates } from '../candidates/allocation-candidates.js';
import { ResourceClassNotFound, TraitNotFound } from '../candidates/errors.js';
import { badRequest } from '../errors.js';
import { parseCandidateRequest } from './allocation-candidates/parse-request.js';
import { allocationCandidatesResponse } from './allocation-candidates/response-schema.js';
import { allocationCandidatesView } from './allocation-candidates/view.js';
import { authorize, cacheHeaders } from './http.js';
import { queryParams } from './query.js';
import type { RouteModule } from './routes.js';
import { anyQuery } from './schemas/common.js';

/** Unknown names in the request are 400s, in upstream's words. */
function asBadRequest(error: unknown): never {
  if (error instanceof ResourceClassNotFound) {
    throw badRequest(`Invalid resource class in resources parameter: ${error.message}`);
  }
  if (error instanceof TraitNotFound) throw badRequest(error.message);
  throw error;
}

/** `GET /allocation_candidates` (from 1.10): the ways the providers can meet a request. */
export const allocationCandidateRoutes: RouteModule = (app, deps) => {
  app.get(
    '/allocation_candidates',
    // The query is checked per microversion in the handler, with upstream's messages.
    { schema: { querystring: anyQuery, response: { 200: allocationCandidatesResponse } } },
    async (request, reply) => {
      requireMicroversion(request, '1.10');
      authorize(deps, request, 'placement:allocation_candidates:list');
      const version = request.microversion;
      const candidateRequest = parseCandidateRequest(queryParams(request), version);
      const result = await getAllocationCandidates(deps.db, candidateRequest, {
        nestedAware: version.atLeast('1.29'),
        // Upstream's default for `randomize_allocation_candidates`; Stratus has no setting for it.
        randomize: false,
        random: Math.random,
      }).catch(asBadRequest);
      cacheHeaders(request, reply, undefined);
      const requestedClasses = new Set(
        candidateRequest.groups.flatMap((group) => [...group.resources.keys()]),
      );
      return allocationCandidatesView(result, requestedClasses, version);
    },
  );
};
