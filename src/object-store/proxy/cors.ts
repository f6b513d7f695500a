import type { SwiftApp } from '../middleware/swift-middleware.js';
import { header } from './headers.js';
import type { ProxyContext } from './proxy-context.js';
import type { SwiftAnswer, SwiftCall } from './swift-call.js';
import { SwiftError } from './swob.js';

/** A container's CORS settings (`X-Container-Meta-Access-Control-*`), as Swift's container info keeps them. */
interface CorsSettings {
  allowOrigin?: string;
  exposeHeaders?: string;
  maxAge?: string;
}

/** The methods each controller has (Swift's `allowed_methods`; no account PUT or DELETE without account management). */
const ALLOWED_METHODS = {
  account: ['GET', 'HEAD', 'OPTIONS', 'POST'],
  container: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'],
  object: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'],
};

/** Response headers any origin allowed may read (simple response headers, and Swift's own). */
const EXPOSED_ALWAYS = [
  'cache-control',
  'content-language',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
  'etag',
  'x-timestamp',
  'x-trans-id',
  'x-openstack-request-id',
];

async function corsSettings(proxy: ProxyContext, call: SwiftCall): Promise<CorsSettings> {
  const info = await proxy.info.container(call.path.account, call.path.container ?? '', call.transId);
  const meta = (name: string) => info.headers[`x-container-meta-access-control-${name}`];
  return {
    allowOrigin: meta('allow-origin'),
    exposeHeaders: meta('expose-headers'),
    maxAge: meta('max-age'),
  };
}

/** Whether the container lets `origin` in: it is among the space-separated allowed origins, or `*` is. */
function originAllowed(cors: CorsSettings, origin: string): boolean {
  const allowed = (cors.allowOrigin ?? '').split(' ').filter((value) => value.trim() !== '');
  return allowed.includes(origin) || allowed.includes('*');
}

const addVary = (headers: Record<string, string>, name: string) => {
  headers.vary = headers.vary ? `${headers.vary}, ${name}` : name;
};

function allowOrigin(headers: Record<string, string>, cors: CorsSettings, origin: string): void {
  if (cors.allowOrigin?.trim() === '*') headers['access-control-allow-origin'] = '*';
  else {
    headers['access-control-allow-origin'] = origin;
    addVary(headers, 'Origin');
  }
}

/** The headers an allowed cross-origin answer gains (Swift's `cors_validation`), added in place. */
function decorate(headers: Record<string, string>, cors: CorsSettings, origin: string): void {
  if (headers['access-control-expose-headers'] === undefined) {
    const exposed = new Set(EXPOSED_ALWAYS);
    for (const name of Object.keys(headers)) {
      if (name.startsWith('x-container-meta') || name.startsWith('x-object-meta')) exposed.add(name);
    }
    for (const name of (cors.exposeHeaders ?? '').split(' ')) {
      if (name.trim()) exposed.add(name.trim().toLowerCase());
    }
    headers['access-control-expose-headers'] = [...exposed].join(', ');
  }
  if (headers['access-control-allow-origin'] === undefined) allowOrigin(headers, cors, origin);
}

/**
 * OPTIONS: the methods of the path (`Allow`); with an `Origin`, a CORS preflight of a container
 * or object, answered by the container's settings: 401 for an origin or method it does not
 * allow, else what the browser may send (every header it asked for) and how long to trust it.
 */
async function controllerOptions(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  const level =
    call.path.object !== undefined ? 'object' : call.path.container !== undefined ? 'container' : 'account';
  const methods = ALLOWED_METHODS[level];
  const headers: Record<string, string> = { allow: methods.join(', ') };
  const origin = header(call.headers, 'origin');
  if (!origin || level === 'account') return { status: 200, headers };
  const cors = await corsSettings(proxy, call);
  const method = header(call.headers, 'access-control-request-method') ?? '';
  if (!originAllowed(cors, origin) || !methods.includes(method)) return { status: 401, headers };
  allowOrigin(headers, cors, origin);
  if (cors.maxAge !== undefined) headers['access-control-max-age'] = cors.maxAge;
  headers['access-control-allow-methods'] = methods.join(', ');
  const requested = (header(call.headers, 'access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (requested.length > 0) {
    headers['access-control-allow-headers'] = [...new Set(requested)].join(', ');
    addVary(headers, 'Access-Control-Request-Headers');
  }
  return { status: 200, headers };
}

/** OPTIONS as the proxy answers it: the controller's answer, and COPY for objects. */
async function options(proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  const answer = await controllerOptions(proxy, call);
  // Swift's copy middleware adds its method to what an object's successful OPTIONS offers.
  if (call.path.object !== undefined && answer.status === 200) {
    for (const name of ['allow', 'access-control-allow-methods']) {
      if (answer.headers[name] !== undefined) answer.headers[name] += ', COPY';
    }
  }
  return answer;
}

/**
 * CORS as Swift's proxy controllers do it: OPTIONS answered as above, and each container or
 * object request with an `Origin` the container allows (strict CORS mode) answered, errors
 * included, with `Access-Control-Allow-Origin` and the headers a page's script may read.
 */
export function withCors(controllers: SwiftApp): SwiftApp {
  return async (proxy, call) => {
    if (call.method === 'OPTIONS') return options(proxy, call);
    const origin = header(call.headers, 'origin');
    if (!origin || call.path.container === undefined) return controllers(proxy, call);
    const cors = await corsSettings(proxy, call);
    try {
      const answer = await controllers(proxy, call);
      if (originAllowed(cors, origin)) decorate(answer.headers, cors, origin);
      return answer;
    } catch (error) {
      if (error instanceof SwiftError && originAllowed(cors, origin)) decorate(error.headers, cors, origin);
      throw error;
    }
  };
}
