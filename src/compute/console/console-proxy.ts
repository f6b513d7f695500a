import { connect } from 'node:net';
import websocketPlugin from '@fastify/websocket';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import type { Logger } from '../../common/logging.js';
import type { ComputeSchema } from '../db/schema.js';
import { ConsoleAuthTokens } from './console-auth-tokens.js';
import { NOVNC_FOLDERS, novncPackageDir, readNovncFile } from './novnc-files.js';
import { NOVNC_PAGE, WEBSOCKET_PATH } from './novnc-url.js';
import { originRefusal } from './origin-check.js';
import { VNC_PAGE } from './vnc-page.js';
import { relayWebsocket } from './websocket-relay.js';

/** What the console proxy is built from. */
export interface ConsoleProxyDeps {
  db: Kysely<ComputeSchema>;
  logger: Logger;
  now: () => Date;
  /** Nova's `[console] allowed_origins`: hostnames whose pages may open consoles besides the proxy's own. */
  allowedOrigins?: readonly string[];
}

const textBody = { type: 'string' } as const;

const fileSchema = {
  params: { type: 'object', properties: { '*': { type: 'string' } }, required: ['*'] },
  response: { 200: textBody },
} as const;

const websocketSchema = {
  querystring: { type: 'object', properties: { token: { type: 'string' } } },
  // The only answer is the upgrade; a refused token closes the websocket afterwards, as Nova's proxy.
  response: { 101: { type: 'null' } },
} as const;

/**
 * Nova's noVNC proxy (`nova-novncproxy`) as a Fastify plugin, which the gateway mounts at
 * `/console`: the noVNC page and noVNC's modules, and the websocket the page opens with its
 * console token, relayed to the guest's VNC server. As Nova, the websocket is always accepted
 * first, then dropped when the token does not open a console or the page's origin is another
 * site's, so a client learns nothing beyond "no".
 */
export function consoleProxy(deps: ConsoleProxyDeps): FastifyPluginAsync {
  const tokens = new ConsoleAuthTokens(deps.db, deps.now);
  const packageDir = novncPackageDir();
  const allowedOrigins = deps.allowedOrigins ?? [];

  async function openConsole(websocket: WebSocket, request: FastifyRequest): Promise<void> {
    // Held until the relay is wired, so nothing the browser sends meanwhile is lost.
    websocket.pause();
    const connection = await tokens.validate((request.query as { token?: string }).token ?? '');
    if (!connection) return refuse(websocket, request, 'invalid token');
    const refusal = originRefusal(request.headers, connection.accessUrlBase, allowedOrigins);
    if (refusal) return refuse(websocket, request, refusal);
    // The browser may have gone while the token was checked.
    if (websocket.readyState !== websocket.OPEN) return;
    const log = deps.logger.child({ instance: connection.instanceUuid });
    log.info({ host: connection.host, port: connection.port }, 'console connection');
    relayWebsocket(websocket, connect({ host: connection.host, port: connection.port }), log);
  }

  /**
   * Drops the connection with no close frame, as Nova's proxy does when its handler fails: a
   * close frame's status would be data to a client reading frames (Tempest checks none comes).
   */
  function refuse(websocket: WebSocket, request: FastifyRequest, reason: string): void {
    deps.logger.info(
      { request_id: request.id, origin: request.headers.origin },
      `console refused: ${reason}`,
    );
    websocket.terminate();
  }

  return async (app) => {
    await app.register(websocketPlugin);

    app.get(`/${NOVNC_PAGE}`, { schema: { response: { 200: textBody } } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(VNC_PAGE),
    );

    for (const folder of NOVNC_FOLDERS) {
      app.get<{ Params: { '*': string } }>(`/${folder}/*`, { schema: fileSchema }, async (request, reply) => {
        const file = await readNovncFile(packageDir, folder, request.params['*']);
        if (!file) return reply.callNotFound();
        return reply.type('text/javascript; charset=utf-8').send(file);
      });
    }

    app.get(`/${WEBSOCKET_PATH}`, { websocket: true, schema: websocketSchema }, openConsole);
  };
}
