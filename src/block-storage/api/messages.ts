import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import { requireMicroversion } from '../../common/http/microversion.js';
import type { BlockStorageDeps } from '../deps.js';
import { deleteMessage, listMessages, loadMessage } from '../messages/user-messages.js';
import { authorize } from '../policies/index.js';
import { MESSAGE_POLICY } from '../policies/messages.js';
import { callerIsAdmin } from '../volumes/volume-lookup.js';
import { collectionLinks, parseListParams, type ListParams } from './list-params.js';
import { messageIdParams, messageListResponse, messageResponse } from './messages-schemas.js';
import { emptyResponse, projectParams } from './common-schemas.js';
import { linkBase } from './volume-view-options.js';
import { messageView } from './views/messages.js';

/** The user messages API's first microversion; pagination, sort and filters came with 3.5. */
const MESSAGES = '3.3';
const MESSAGES_PAGINATION = '3.5';

/** The filters from 3.31 on for non-admins (Cinder's resource_filters.json for `message`). */
const MESSAGE_FILTERS = ['resource_uuid', 'resource_type', 'event_id', 'request_id', 'message_level'];

type IdParams = { Params: { id: string } };

/** The list parameters a request may use: none before 3.5; from 3.31 non-admins only the known filters. */
function listParams(deps: BlockStorageDeps, request: FastifyRequest): ListParams {
  const params = parseListParams(request.query, deps.settings.max_limit);
  if (request.microversion.below(MESSAGES_PAGINATION))
    return {
      ...params,
      marker: undefined,
      offset: 0,
      sortKeys: ['created_at'],
      sortDirs: ['desc'],
      filters: {},
    };
  if (request.microversion.atLeast('3.31') && !callerIsAdmin(deps, request.context)) {
    const filters = { ...params.filters };
    delete filters.all_tenants;
    const invalid = Object.keys(filters).filter((key) => !MESSAGE_FILTERS.includes(key));
    if (invalid.length > 0)
      throw new BadRequest(`Invalid filters ${invalid.join(',')} are found in query options.`);
    return { ...params, filters };
  }
  return params;
}

/**
 * `/messages` (3.3): what went wrong with the caller's volumes, as the services recorded it
 * (messages/user-messages.ts); listed newest first, shown and deleted one by one.
 */
export function messageRoutes(app: FastifyInstance, deps: BlockStorageDeps): void {
  app.get(
    '/messages',
    { schema: { params: projectParams, response: { 200: messageListResponse } } },
    async (request) => {
      requireMicroversion(request, MESSAGES);
      const context = request.context;
      authorize(deps.policy, MESSAGE_POLICY.getAll, { project_id: context.projectId }, context);
      const params = listParams(deps, request);
      const rows = await listMessages(deps, context, params);
      const links = linkBase(deps, request);
      const next = collectionLinks(
        deps.baseUrl,
        request,
        'messages',
        rows.length,
        params.limit,
        rows.at(-1)?.id,
      );
      return {
        messages: rows.map((row) => messageView(row, links)),
        ...(next.length > 0 ? { messages_links: next } : {}),
      };
    },
  );

  app.get<IdParams>(
    '/messages/:id',
    { schema: { params: messageIdParams, response: { 200: messageResponse } } },
    async (request) => {
      requireMicroversion(request, MESSAGES);
      const message = await loadMessage(deps, request.context, request.params.id);
      authorize(deps.policy, MESSAGE_POLICY.get, { project_id: message.project_id }, request.context);
      return { message: messageView(message, linkBase(deps, request)) };
    },
  );

  app.delete<IdParams>(
    '/messages/:id',
    { schema: { params: messageIdParams, response: { 204: emptyResponse } } },
    async (request, reply) => {
      requireMicroversion(request, MESSAGES);
      const message = await loadMessage(deps, request.context, request.params.id);
      authorize(deps.policy, MESSAGE_POLICY.delete, { project_id: message.project_id }, request.context);
      await deleteMessage(deps, message.id);
      reply.code(204);
    },
  );
}
