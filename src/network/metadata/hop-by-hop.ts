import type { IncomingHttpHeaders } from 'node:http';

/** Headers that describe one connection, never the message (RFC 9110 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/**
 * The headers of a message a proxy passes on, less those about the connection it came over. Copied
 * whole, an upstream's `connection: keep-alive` keeps the client's socket open after the client
 * asked to close it, and its next request on that socket is read as garbage (a bare 400).
 */
export function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}
