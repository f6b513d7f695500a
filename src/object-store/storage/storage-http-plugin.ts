import type { FastifyPluginAsync } from 'fastify';
import { Readable } from 'node:stream';
import {
  fromWire,
  isServerType,
  METHOD_HEADER,
  parseRequestPath,
  SERVER_HEADER,
  toWire,
} from './http-wire.js';
import type { StorageNode, StorageRequest } from './storage-protocol.js';

const METHODS = new Set(['GET', 'HEAD', 'PUT', 'POST', 'DELETE']);

/**
 * Serves a storage node's protocol over HTTP (split mode: the node runs as its own process and
 * the proxy reaches it with `HttpTransport`). Bodies are passed through as streams, never parsed;
 * the answer is written raw, headers as the node gave them (Content-Length of a HEAD included).
 */
export const storageNodeHttpPlugin: FastifyPluginAsync<{ node: StorageNode }> = async (fastify, { node }) => {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  fastify.route({
    method: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
    url: '/*',
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      reply.hijack();
      const raw = reply.raw;
      const parsed = parseRequestPath(request.raw.url ?? '');
      if (!parsed || !METHODS.has(request.method)) {
        raw.writeHead(400, { 'content-type': 'text/plain' }).end('Invalid path');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(request.raw.headers)) {
        if (value !== undefined && key !== SERVER_HEADER) {
          headers[key] = fromWire(Array.isArray(value) ? value.join(', ') : value);
        }
      }
      const server = request.raw.headers[SERVER_HEADER];
      const replicate = request.method === 'POST' && headers[METHOD_HEADER] === 'REPLICATE';
      delete headers[METHOD_HEADER];
      // A REPLICATE query has no body; a push has one (the transport streams it chunked).
      const hasBody = replicate
        ? headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0
        : request.method === 'PUT' || request.method === 'POST';
      const storageRequest: StorageRequest = {
        method: replicate ? 'REPLICATE' : (request.method as StorageRequest['method']),
        server: isServerType(typeof server === 'string' ? server : undefined)
          ? (server as StorageRequest['server'])
          : undefined,
        ...parsed,
        headers,
        body: hasBody ? request.raw : undefined,
      };
      const response = await node.handle(storageRequest);
      const outgoing: Record<string, string> = {};
      for (const [key, value] of Object.entries(response.headers)) outgoing[key] = toWire(value);
      if (
        Buffer.isBuffer(response.body) &&
        request.method !== 'HEAD' &&
        outgoing['content-length'] === undefined
      ) {
        outgoing['content-length'] = String(response.body.length);
      }
      raw.writeHead(response.status, outgoing);
      if (request.method === 'HEAD') {
        if (response.body instanceof Readable) response.body.destroy();
        raw.end();
      } else if (response.body instanceof Readable) {
        response.body.on('error', () => raw.destroy());
        response.body.pipe(raw);
      } else {
        raw.end(response.body);
      }
    },
  });
};
