/** The request headers the origin check reads. */
export interface OriginHeaders {
  host?: string;
  origin?: string;
  'x-forwarded-proto'?: string;
}

/**
 * Why a websocket's `Origin` is refused, or undefined when it is allowed (Nova's
 * `NovaProxyRequestHandler.new_websocket_client`): a page of another site must not open consoles
 * with a user's URL. No `Origin` is a client that is not a browser, allowed; otherwise its host
 * must be the one the request was sent to (or one of `allowedOrigins`, Nova's
 * `[console] allowed_origins`) and its scheme the one of the URL the token was given under
 * (`X-Forwarded-Proto` wins when a TLS proxy sits in front).
 */
export function originRefusal(
  headers: OriginHeaders,
  accessUrlBase: string,
  allowedOrigins: readonly string[],
): string | undefined {
  if (headers.origin === undefined) return undefined;
  const origin = parseOrigin(headers.origin);
  const scheme = headers['x-forwarded-proto'] ?? origin?.scheme;
  if (!origin || !origin.hostname || !scheme) return 'Origin header not valid.';
  const expected = [...allowedOrigins, hostnameOf(headers.host ?? '').toLowerCase()];
  if (!expected.includes(origin.hostname)) return 'Origin header does not match this host.';
  if (!expectedSchemes(accessUrlBase).includes(scheme)) {
    return 'Origin header protocol does not match this host.';
  }
  return undefined;
}

/** The scheme and hostname of an `Origin` value (`null` and garbage give undefined). */
function parseOrigin(value: string): { scheme: string; hostname: string } | undefined {
  try {
    const url = new URL(value);
    return { scheme: url.protocol.replace(/:$/, ''), hostname: unbracketed(url.hostname) };
  } catch {
    return undefined;
  }
}

/** The hostname of a `Host` header (`name`, `name:port`, `[v6]:port`), as Nova's `parse_host_port`. */
function hostnameOf(host: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(host);
  if (bracketed) return bracketed[1];
  // A bare IPv6 address has several colons and no port.
  return host.split(':').length > 2 ? host : host.replace(/:\d*$/, '');
}

function unbracketed(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Schemes a browser may show for a URL base: its own, and http(s) for ws(s). */
function expectedSchemes(accessUrlBase: string): string[] {
  const scheme = new URL(accessUrlBase).protocol.replace(/:$/, '');
  if (scheme === 'ws') return [scheme, 'http'];
  if (scheme === 'wss') return [scheme, 'https'];
  return [scheme];
}
