import type { FastifyInstance, FastifyPluginAsync, RouteOptions } from 'fastify';
import { createApp } from '../../src/common/http/app.js';
import { createLogger } from '../../src/common/logging.js';

/**
 * One service plugin on a test app, responses checked against their schemas, with the routes it
 * registered recorded for the schema meta-tests.
 */
export async function mountService(
  plugin: FastifyPluginAsync,
  prefix: string,
  bodyLimit = 1024 * 1024,
): Promise<{ app: FastifyInstance; routes: RouteOptions[] }> {
  const app = createApp({ logger: createLogger('silent'), bodyLimit, validateResponses: true });
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  await app.register(plugin, { prefix });
  await app.ready();
  return { app, routes };
}
