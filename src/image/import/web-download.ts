import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Transform, pipeline, type Readable, type TransformCallback } from 'node:stream';
import { BadRequest, PayloadTooLarge } from '../../common/http/errors.js';
import { AddressPolicy } from './address-policy.js';

export interface WebDownloadOptions {
  /** Networks (CIDRs) that may be reached although they are not globally routable. */
  allowedNetworks: string[];
  /** The most bytes the download may bring (Glance's image_size_cap); more is an error. */
  maxBytes: number;
}

/** As browsers and urllib, a chain of redirects ends somewhere reasonable. */
const MAX_REDIRECTS = 5;
/** A server that stops sending for this long is given up on. */
const IDLE_TIMEOUT_MS = 60_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const TOO_LARGE = 'The provided image is too large.';

/**
 * Opens the image data behind an http(s) URI for Glance's `web-download` import method, as the
 * Glance server itself fetches it. The server's network position must not be lent to callers
 * (SSRF): the URI, and every redirect, must lead to http(s) on addresses that are globally
 * reachable or in `allowedNetworks`; every address the name resolves to is checked, and the
 * connection goes to the checked address, so DNS cannot answer differently in between.
 *
 * Refusals reject with a 400 in Glance's words; more than `maxBytes` fails with a 413 (at once
 * when the server announces the length, else as a stream error once the limit is passed).
 */
export async function openWebDownload(uri: string, options: WebDownloadOptions): Promise<Readable> {
  const policy = new AddressPolicy(options.allowedNetworks);
  let url = await checked(uri, policy, `URI for web-download does not pass filtering: ${uri}`);
  for (let redirects = 0; ; redirects++) {
    const response = await get(url.target, url.address);
    const location = response.headers.location;
    if (REDIRECT_STATUSES.has(response.statusCode ?? 0) && location) {
      response.destroy();
      if (redirects === MAX_REDIRECTS) throw new BadRequest(`Too many redirects while downloading ${uri}`);
      const next = URL.canParse(location, url.target.href) ? new URL(location, url.target).href : location;
      url = await checked(next, policy, `Redirect to disallowed URL: ${next}`);
      continue;
    }
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      response.destroy();
      throw new BadRequest(
        `Failed to download ${uri}: HTTP ${status} ${response.statusMessage ?? ''}`.trim(),
      );
    }
    const announced = Number(response.headers['content-length']);
    if (announced > options.maxBytes) {
      response.destroy();
      throw new PayloadTooLarge(TOO_LARGE);
    }
    const limited = new ByteLimit(options.maxBytes);
    pipeline(response, limited, () => {
      // Errors reach the consumer through `limited`; the pipeline only has to tear both down.
    });
    return limited;
  }
}

/**
 * Whether a `web-download` URI passes the filtering (for answering the import request at once);
 * `openWebDownload` checks again when it connects, so the check holds for the connection made.
 */
export async function webDownloadAllowed(uri: string, allowedNetworks: string[]): Promise<boolean> {
  try {
    await checked(uri, new AddressPolicy(allowedNetworks), '');
    return true;
  } catch (error) {
    if (error instanceof BadRequest) return false;
    throw error;
  }
}

interface CheckedUrl {
  target: URL;
  /** The address the download connects to: one the policy permits, pinned for the request. */
  address: string;
}

/** Parses and checks a URI; `refusal` is the message when it may not be fetched. */
async function checked(uri: string, policy: AddressPolicy, refusal: string): Promise<CheckedUrl> {
  let target: URL;
  try {
    target = new URL(uri);
  } catch {
    throw new BadRequest(refusal);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new BadRequest(refusal);
  const host = hostOf(target);
  // The WHATWG parser already turned numeric spellings (2130706433, 0x7f.1) into dotted quads.
  const addresses = isIP(host) ? [host] : await resolve(host);
  if (addresses.length === 0 || !addresses.every((address) => policy.permits(address))) {
    throw new BadRequest(refusal);
  }
  return { target, address: addresses[0] };
}

async function resolve(host: string): Promise<string[]> {
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((answer) => answer.address);
  } catch {
    return [];
  }
}

/** The URL's host as a socket wants it: IPv6 literals without their brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** One GET to `url`, connected to `address` whatever DNS would say now. */
function get(url: URL, address: string): Promise<IncomingMessage> {
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    const family = isIP(address);
    if (lookupOptions.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolvePromise, reject) => {
    const outgoing = request(url, {
      host: hostOf(url),
      lookup: pinned,
      // No pooled sockets: each request connects to the address checked for it.
      agent: false,
      headers: { 'user-agent': 'stratus-image-web-download', accept: '*/*' },
    });
    outgoing.setTimeout(IDLE_TIMEOUT_MS, () => outgoing.destroy(new Error('the server stopped answering')));
    outgoing.once('response', resolvePromise);
    // Kept after the response too: a late socket error must not go unhandled.
    outgoing.on('error', (error) =>
      reject(new BadRequest(`Failed to download ${url.href}: ${error.message}`)),
    );
    outgoing.end();
  });
}

/** Passes bytes through until more than `limit` have gone by, then fails with a 413. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(new PayloadTooLarge(TOO_LARGE));
    else callback(null, chunk);
  }
}
