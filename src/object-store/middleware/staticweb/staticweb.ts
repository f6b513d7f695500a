import { header } from '../../proxy/headers.js';
import type { ProxyContext } from '../../proxy/proxy-context.js';
import { authorizeCall, type SwiftAnswer, type SwiftCall } from '../../proxy/swift-call.js';
import type { SwiftPath } from '../../proxy/swift-path.js';
import { defaultBody, SwiftError } from '../../proxy/swob.js';
import { answerOf, isSuccess, subCall } from '../slo/sub-call.js';
import { dropBody, readAll } from '../../proxy/whole-body.js';
import type { SwiftApp, SwiftMiddleware } from '../swift-middleware.js';
import { listingDisabledPage, pyQuote, webListingPage, type ListedEntry } from './web-listing-page.js';

/** Swift's `config_true_value`. */
const isTrue = (value: string | undefined) =>
  ['true', '1', 'yes', 'on', 't', 'y'].includes((value ?? '').toLowerCase());

const isRedirect = (status: number) => status >= 300 && status < 400;

/** The container's web settings (`X-Container-Meta-Web-*`), read from its info. */
interface WebSettings {
  index: string;
  error: string;
  listings: string;
  listingsLabel: string;
  css: string;
  directoryType: string;
}

async function webSettings(proxy: ProxyContext, call: SwiftCall) {
  const info = await proxy.info.container(call.path.account, call.path.container ?? '', call.transId);
  const meta = (name: string) =>
    isSuccess(info.status) ? (info.headers[`x-container-meta-${name}`] ?? '').trim() : '';
  const settings: WebSettings = {
    index: meta('web-index'),
    error: meta('web-error'),
    listings: meta('web-listings'),
    listingsLabel: meta('web-listings-label'),
    css: meta('web-listings-css'),
    directoryType: meta('web-directory-type'),
  };
  return { info, settings };
}

/** One request of the site: the call, what comes below, and the container's settings. */
interface Site {
  next: SwiftApp;
  proxy: ProxyContext;
  call: SwiftCall;
  settings: WebSettings;
}

const rawPathOf = (call: SwiftCall) =>
  call.rawPath ??
  `/${[call.path.version, call.path.account, call.path.container, call.path.object]
    .filter((part) => part !== undefined)
    .map((part) => pyQuote(part ?? ''))
    .join('/')}`;

const within = (site: Site, object?: string): SwiftPath => ({
  version: site.call.path.version,
  account: site.call.path.account,
  container: site.call.path.container,
  ...(object ? { object } : {}),
});

/** A GET or HEAD below, of another path of the container, as the client's call. */
const fetchPath = (site: Site, object: string) =>
  answerOf(site.next, site.proxy, { ...site.call, path: within(site, object), rawPath: undefined });

/** 301 to the same path with a slash, so relative links in pages resolve inside the folder. */
const redirectWithSlash = (site: Site): SwiftAnswer => ({
  status: 301,
  headers: {
    location: `${site.call.scriptName}${rawPathOf(site.call)}/`,
    'content-type': 'text/html; charset=UTF-8',
  },
  body: defaultBody(301),
});

/**
 * An error answer, with the container's error page for its status (`<status><web-error>`, e.g.
 * `404error.html`) as its body when the owner set one and it exists.
 */
async function errorAnswer(site: Site, answer: SwiftAnswer): Promise<SwiftAnswer> {
  if (!site.settings.error) return answer;
  const page = await fetchPath(site, `${answer.status}${site.settings.error}`);
  if (!isSuccess(page.status)) {
    dropBody(page);
    return answer;
  }
  dropBody(answer);
  return { ...page, status: answer.status };
}

const notFound = (): SwiftAnswer => ({
  status: 404,
  headers: { 'content-type': 'text/html; charset=UTF-8' },
  body: defaultBody(404),
});

/** The HTML listing of the container, or of the pseudo-folder `prefix` in it. */
async function listing(site: Site, prefix = ''): Promise<SwiftAnswer> {
  const path = decodeURIComponent(rawPathOf(site.call));
  const label = site.settings.listingsLabel
    ? `${site.settings.listingsLabel}/${path.split('/').slice(4).join('/')}`
    : path;
  const { css, index } = site.settings;
  if (!isTrue(site.settings.listings)) {
    const body = listingDisabledPage(label, css, prefix, index);
    return errorAnswer(site, { status: 404, headers: { 'content-type': 'text/html; charset=UTF-8' }, body });
  }
  const query: Record<string, string> = { format: 'json', delimiter: '/', ...(prefix ? { prefix } : {}) };
  const answer = await answerOf(site.next, site.proxy, {
    ...subCall(site.call, 'GET', within(site), { query }),
    caller: site.call.caller,
  });
  if (!isSuccess(answer.status)) return errorAnswer(site, answer);
  const text = (await readAll(answer.body)).toString('utf8');
  const entries = text ? (JSON.parse(text) as ListedEntry[]) : [];
  if (prefix && entries.length === 0) return errorAnswer(site, notFound());
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=UTF-8' },
    body: webListingPage(label, entries, prefix, css),
  };
}

/** A container's page: its index object, else its listing, once the read ACL lets the caller in. */
async function containerPage(site: Site, readAcl: string | undefined): Promise<SwiftAnswer> {
  const { call, settings } = site;
  try {
    authorizeCall(call, readAcl);
  } catch (error) {
    if (!(error instanceof SwiftError) || !settings.error) throw error;
    return errorAnswer(site, { status: error.status, headers: {}, body: defaultBody(error.status) });
  }
  if (!settings.listings && !settings.index) {
    if (isTrue(header(call.headers, 'x-web-mode'))) throw new SwiftError(404);
    return site.next(site.proxy, call);
  }
  if (!rawPathOf(call).endsWith('/')) return redirectWithSlash(site);
  if (!settings.index) return listing(site);
  const page = await fetchPath(site, settings.index);
  if (page.status === 404) return listing(site);
  if (!isSuccess(page.status) && !isRedirect(page.status)) return errorAnswer(site, page);
  return page;
}

/** An object's page: the object, else (for a folder) its index or listing, else the error page. */
async function objectPage(site: Site): Promise<SwiftAnswer> {
  const { call, settings } = site;
  const object = call.path.object ?? '';
  // The object's own answer; a refusal is kept as thrown, so that it reaches the client as it is.
  let refusal: SwiftError | undefined;
  let answer: SwiftAnswer;
  try {
    answer = await site.next(site.proxy, call);
  } catch (error) {
    if (!(error instanceof SwiftError)) throw error;
    refusal = error;
    answer = { status: error.status, headers: error.headers };
  }
  const asItIs = () => {
    if (refusal) throw refusal;
    return answer;
  };
  let { status } = answer;
  if (isSuccess(status) || isRedirect(status)) {
    // A directory marker (an empty object of the directory type) is a folder, not a page.
    const length = Number(answer.headers['content-length'] ?? 0);
    const isMarker =
      answer.headers['content-type'] === (settings.directoryType || 'application/directory') && length <= 1;
    if (!isMarker) return answer;
    status = 404;
  }
  // Swift uses the error page for 404s alone.
  if (status !== 404 || (!settings.listings && !settings.index)) return asItIs();
  const slashed = rawPathOf(call).endsWith('/');
  if (settings.index) {
    const page = await fetchPath(site, `${slashed ? object : `${object}/`}${settings.index}`);
    if (isSuccess(page.status) || isRedirect(page.status)) {
      if (!slashed) {
        dropBody(page);
        return redirectWithSlash(site);
      }
      return page;
    }
    dropBody(page);
  }
  dropBody(answer);
  if (slashed) return listing(site, object);
  const folder = await answerOf(site.next, site.proxy, {
    ...subCall(call, 'GET', within(site), {
      query: { format: 'json', limit: '1', delimiter: '/', prefix: `${object}/` },
    }),
    caller: call.caller,
  });
  const text = isSuccess(folder.status) ? (await readAll(folder.body)).toString('utf8') : '';
  if (!text || (JSON.parse(text) as unknown[]).length === 0) return errorAnswer(site, notFound());
  return redirectWithSlash(site);
}

/**
 * Swift's staticweb: a container with `X-Container-Meta-Web-Index` or `-Web-Listings` is served
 * as a web site to anonymous GETs and HEADs (and to token holders who ask with `X-Web-Mode:
 * true`): `/container/` gives its index object or an HTML listing (styled by `-Web-Listings-CSS`),
 * folders likewise, and errors the owner's `<status><Web-Error>` page. Reads still need the
 * container's read ACL (`.r:*` for a public site, with `.rlistings` for listings).
 */
export const staticweb: SwiftMiddleware = {
  name: 'staticweb',
  info: () => ({}),
  wrap: (next) => async (proxy, call) => {
    if (call.method !== 'GET' && call.method !== 'HEAD') return next(proxy, call);
    if (call.path.container === undefined) return next(proxy, call);
    // As Swift's staticweb passes by requests whose REMOTE_USER auth set, temporary URLs aside.
    const authenticated = call.caller !== null && call.caller.userId !== '.wsgi.tempurl';
    if (authenticated && !isTrue(header(call.headers, 'x-web-mode'))) return next(proxy, call);
    const { info, settings } = await webSettings(proxy, call);
    const site = { next, proxy, call, settings };
    if (call.path.object !== undefined) return objectPage(site);
    return containerPage(site, info.readAcl);
  },
};
