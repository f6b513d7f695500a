import type { SwiftPathMiddleware } from '../swift-path-middleware.js';

/**
 * Swift's healthcheck: `/healthcheck` answers `200 OK` to any method, so a load balancer can
 * tell the proxy is up. It registers nothing in `/info`.
 */
export const healthcheck: SwiftPathMiddleware = {
  name: 'healthcheck',
  path: '/healthcheck',
  methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'COPY', 'OPTIONS'],
  answer: () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'OK' }),
};
