import { BadRequest } from '../../common/http/errors.js';
import {
  createConsumer,
  deleteConsumer,
  getConsumer,
  listConsumers,
  updateConsumer,
  type ConsumerInput,
} from '../oauth1/consumers.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  consumerCreateBody,
  consumerListResponse,
  consumerParams,
  consumerResponse,
  consumerUpdateBody,
  newConsumerResponse,
} from './schemas/oauth-consumers.js';
import { consumerView } from './views/oauth-consumers.js';

type Params = { consumer_id: string };

/**
 * `/v3/OS-OAUTH1/consumers`: the registry of OAuth1 consumers. The OAuth1 flow itself (request
 * tokens, authorization, access tokens) is not served.
 */
export const oauthConsumerRoutes: RouteModule = (app, deps) => {
  app.get(
    '/v3/OS-OAUTH1/consumers',
    { schema: { response: { 200: consumerListResponse } } },
    async (request) => {
      deps.policy.enforce('identity:list_consumers', {}, request.context);
      const consumers = await listConsumers(deps.db);
      return {
        consumers: consumers.map((consumer) => consumerView(deps.baseUrl, consumer)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: Params }>(
    '/v3/OS-OAUTH1/consumers/:consumer_id',
    { schema: { params: consumerParams, response: { 200: consumerResponse } } },
    async (request) => {
      deps.policy.enforce('identity:get_consumer', { ...request.params }, request.context);
      return { consumer: consumerView(deps.baseUrl, await getConsumer(deps.db, request.params.consumer_id)) };
    },
  );

  app.post<{ Body: { consumer?: ConsumerInput } }>(
    '/v3/OS-OAUTH1/consumers',
    { schema: { body: consumerCreateBody, response: { 201: newConsumerResponse } } },
    async (request, reply) => {
      deps.policy.enforce('identity:create_consumer', {}, request.context);
      const consumer = await createConsumer(deps.db, request.body.consumer ?? {});
      return reply.status(201).send({ consumer: consumerView(deps.baseUrl, consumer) });
    },
  );

  app.patch<{ Params: Params; Body: { consumer: ConsumerInput } }>(
    '/v3/OS-OAUTH1/consumers/:consumer_id',
    { schema: { params: consumerParams, body: consumerUpdateBody, response: { 200: consumerResponse } } },
    async (request) => {
      deps.policy.enforce('identity:update_consumer', { ...request.params }, request.context);
      const input = request.body.consumer;
      if ('secret' in input) {
        throw new BadRequest(
          "Invalid input for field 'consumer/secret': a consumer's secret cannot be changed",
        );
      }
      const consumer = await updateConsumer(deps.db, request.params.consumer_id, input);
      return { consumer: consumerView(deps.baseUrl, consumer) };
    },
  );

  app.delete<{ Params: Params }>(
    '/v3/OS-OAUTH1/consumers/:consumer_id',
    { schema: { params: consumerParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      deps.policy.enforce('identity:delete_consumer', { ...request.params }, request.context);
      await deleteConsumer(deps.db, request.params.consumer_id);
      return reply.status(204).send();
    },
  );
};
