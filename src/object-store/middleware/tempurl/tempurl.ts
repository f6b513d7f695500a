import { header } from '../../proxy/headers.js';
import type { ProxyContext } from '../../proxy/proxy-context.js';
import type { SwiftAnswer, SwiftCall } from '../../proxy/swift-call.js';
import { SwiftError } from '../../proxy/swob.js';
import { preAuthedCaller } from '../pre-authed-caller.js';
import type { SwiftMiddleware } from '../swift-middleware.js';
import { contentDisposition } from './content-disposition.js';
import {
  ALLOWED_DIGESTS,
  hmacBody,
  parseExpires,
  parseSignature,
  signatureMatches,
} from './temp-url-signature.js';

/** Methods a temporary URL may be made for (Swift's default `methods`). */
const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];

/** A HEAD may use a URL signed for any of these: who may get or put an object may ask about it. */
const HEAD_SIGNED_AS = ['HEAD', 'GET', 'PUT', 'POST'];

/** Request headers a temporary URL may not set (`incoming_remove_headers`): they are the cluster's. */
const INCOMING_REMOVED = ['x-timestamp', 'x-open-expired'];

/** Headers that would make the URL reach beyond its object (`disallowed_headers`, and copies). */
const DISALLOWED: Record<string, string> = { 'x-object-manifest': 'X-Object-Manifest' };
const REACHES_ELSEWHERE = ['x-copy-from', 'x-copy-from-account'];

const ACCOUNT_KEYS = ['x-account-meta-temp-url-key', 'x-account-meta-temp-url-key-2'];
const CONTAINER_KEYS = ['x-container-meta-temp-url-key', 'x-container-meta-temp-url-key-2'];

const QUERY_NAMES = [
  'temp_url_sig',
  'temp_url_expires',
  'temp_url_prefix',
  'temp_url_ip_range',
  'filename',
  'inline',
];

/** Swift's answer to any URL that does not check out: it says no more than that. */
function invalid(call: SwiftCall): SwiftError {
  return new SwiftError(401, call.method === 'HEAD' ? '' : '401 Unauthorized: Temp URL invalid\n');
}

/**
 * Who a valid temporary URL acts as: the account's owner, for the one object the URL names;
 * nothing else is reachable through it, since the call's path is fixed and copies are refused.
 */
const tempUrlOwner = (account: string, now: number) => preAuthedCaller(account, now, '.wsgi.tempurl');

/** The keys a signature may be made with: the account's, and the container's for its own objects. */
export async function signingKeys(proxy: ProxyContext, call: SwiftCall): Promise<string[]> {
  const account = await proxy.info.account(call.path.account, call.transId);
  const container = await proxy.info.container(call.path.account, call.path.container ?? '', call.transId);
  const keys = [
    ...ACCOUNT_KEYS.map((name) => account.headers[name]),
    ...CONTAINER_KEYS.map((name) => container.headers[name]),
  ];
  return keys.filter((key): key is string => key !== undefined && key !== '');
}

/** Whether the call's signature, expiry and keys make a valid temporary URL for its object. */
async function validTempUrl(proxy: ProxyContext, call: SwiftCall): Promise<boolean> {
  const signature = parseSignature(call.query.temp_url_sig ?? '');
  const expires = parseExpires(call.query.temp_url_expires ?? '');
  if (!signature || expires === null || expires < call.now / 1000) return false;
  const { version, account, container, object } = call.path;
  if (!METHODS.includes(call.method) || !container || !object) return false;
  const prefix = call.query.temp_url_prefix;
  if (prefix !== undefined && !object.startsWith(prefix)) return false;
  // Clients sign the public path (`/object-store/v1/...`); one behind a proxy that strips the
  // mount point signs `/v1/...`, as against Swift's own proxy: both are the same object.
  const signedPaths = [call.scriptName, ''].map((mount) =>
    prefix === undefined
      ? `${mount}/${version}/${account}/${container}/${object}`
      : `prefix:${mount}/${version}/${account}/${container}/${prefix}`,
  );
  // An IP-restricted URL needs the client's address, which calls do not carry yet: refused, never
  // let through unchecked.
  if (call.query.temp_url_ip_range !== undefined) return false;
  const methods = call.method === 'HEAD' ? HEAD_SIGNED_AS : [call.method];
  const keys = await signingKeys(proxy, call);
  return keys.some((key) =>
    methods.some((method) =>
      signedPaths.some((path) => signatureMatches(signature, key, hmacBody(method, expires, path))),
    ),
  );
}

/** Object metadata a temporary URL's user sees (`outgoing_remove_headers` less `outgoing_allow_headers`). */
function withoutPrivateMetadata(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => !name.startsWith('x-object-meta-') || name.startsWith('x-object-meta-public-'),
    ),
  );
}

/**
 * Swift's tempurl: a request with `temp_url_sig` and `temp_url_expires` is signed with a key the
 * account (or the object's container) keeps; when the HMAC of `METHOD\nexpires\npath` matches
 * and the time has not passed, it goes on as the account's owner, for that object alone, with
 * `filename`/`inline` choosing how a browser saves what it gets. Any other signed request is
 * 401 with Swift's body. Requests without a signature pass untouched.
 */
export const tempurl: SwiftMiddleware = {
  name: 'tempurl',
  info: () => ({
    methods: METHODS,
    incoming_remove_headers: INCOMING_REMOVED,
    incoming_allow_headers: [],
    outgoing_remove_headers: ['x-object-meta-*'],
    outgoing_allow_headers: ['x-object-meta-public-*'],
    allowed_digests: [...ALLOWED_DIGESTS],
  }),
  wrap: (next) => async (proxy, call) => {
    if (call.method === 'OPTIONS') return next(proxy, call);
    const { temp_url_sig: sig, temp_url_expires: expires } = call.query;
    if (sig === undefined && expires === undefined) return next(proxy, call);
    if (!(await validTempUrl(proxy, call))) throw invalid(call);
    for (const [name, shown] of Object.entries(DISALLOWED)) {
      if (header(call.headers, name) !== undefined) {
        throw new SwiftError(400, `The header '${shown}' is not allowed in this tempurl`);
      }
    }
    if (REACHES_ELSEWHERE.some((name) => header(call.headers, name) !== undefined)) throw invalid(call);
    const headers = { ...call.headers };
    for (const name of INCOMING_REMOVED) delete headers[name];
    const query = { ...call.query };
    for (const name of QUERY_NAMES) delete query[name];
    const answer: SwiftAnswer = await next(proxy, {
      ...call,
      headers,
      query,
      caller: tempUrlOwner(call.path.account, call.now),
    });
    const answerHeaders = withoutPrivateMetadata(answer.headers);
    if (call.method === 'GET' && answer.status >= 200 && answer.status < 300) {
      const disposition = contentDisposition(call.path.object ?? '', call.query, answer.headers);
      if (disposition !== undefined) answerHeaders['content-disposition'] = disposition;
    }
    return { ...answer, headers: answerHeaders };
  },
};
