import type { SwiftPathMiddleware } from '../swift-path-middleware.js';

/** Swift's default `cross_domain_policy`: any domain, over HTTP or HTTPS. */
const POLICY = '<allow-access-from domain="*" secure="false" />';

/**
 * Swift's crossdomain: `GET /crossdomain.xml` gives the cross-domain policy Flash and
 * Silverlight clients ask for before they call the API from a web page.
 */
export const crossdomain: SwiftPathMiddleware = {
  name: 'crossdomain',
  path: '/crossdomain.xml',
  methods: ['GET'],
  info: () => ({}),
  answer: () => ({
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body:
      '<?xml version="1.0"?>\n' +
      '<!DOCTYPE cross-domain-policy SYSTEM "http://www.adobe.com/xml/dtds/cross-domain-policy.dtd" >\n' +
      `<cross-domain-policy>\n${POLICY}\n</cross-domain-policy>`,
  }),
};
