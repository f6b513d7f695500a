import type { FastifyInstance } from 'fastify';

/**
 * JSON bodies as the OpenStack services read them: an empty body is no body (clients send
 * `Content-Type: application/json` on body-less requests), and JSON that does not parse is the
 * service's own 400, which `malformed` makes from the parser's error.
 */
export function parseJsonBodies(app: FastifyInstance, malformed: (error: Error) => Error): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(malformed(error as Error), undefined);
    }
  });
}
