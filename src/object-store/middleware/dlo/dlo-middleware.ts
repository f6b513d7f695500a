import { header } from '../../proxy/headers.js';
import type { ProxyContext } from '../../proxy/proxy-context.js';
import type { SwiftAnswer, SwiftCall } from '../../proxy/swift-call.js';
import { SwiftError } from '../../proxy/swob.js';
import {
  largeObjectAnswer,
  largeObjectEtag,
  readMaybeManifest,
  type Segment,
} from '../slo/segmented-read.js';
import { answerOf, pathInAccount, subCall } from '../slo/sub-call.js';
import { dropBody, readAll } from '../../proxy/whole-body.js';
import type { SwiftApp, SwiftMiddleware } from '../swift-middleware.js';

/** A container listing's longest page: a shorter one is the last. */
const LISTING_PAGE = 10000;

/** `<container>/<prefix>` of an `X-Object-Manifest` value, percent-decoded; undefined when malformed. */
function manifestTarget(value: string): { container: string; prefix: string } | undefined {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // Kept as written.
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0) return undefined;
  return { container: decoded.slice(0, slash), prefix: decoded.slice(slash + 1) };
}

/** Swift's check of a written `X-Object-Manifest`: a container and a prefix, no query characters. */
function isValidManifest(value: string): boolean {
  const target = manifestTarget(value);
  return (
    target !== undefined &&
    target.prefix !== '' &&
    !target.prefix.startsWith('/') &&
    !value.includes('?') &&
    !value.includes('&')
  );
}

interface ListedObject {
  name: string;
  bytes: number;
  hash: string;
}

/** Every object under the manifest's prefix, in name order, page after page of the container listing. */
async function listSegments(
  next: SwiftApp,
  proxy: ProxyContext,
  call: SwiftCall,
  container: string,
  prefix: string,
): Promise<ListedObject[]> {
  const listed: ListedObject[] = [];
  for (;;) {
    const query: Record<string, string> = { format: 'json', prefix };
    if (listed.length > 0) query.marker = listed[listed.length - 1].name;
    const answer = await answerOf(
      next,
      proxy,
      subCall(call, 'GET', pathInAccount(call, container), { query }),
    );
    if (answer.status === 404) {
      dropBody(answer);
      return listed;
    }
    if (answer.status !== 200 && answer.status !== 204) {
      dropBody(answer);
      throw new SwiftError(answer.status === 401 || answer.status === 403 ? answer.status : 409);
    }
    const page =
      answer.status === 204
        ? []
        : (JSON.parse((await readAll(answer.body)).toString('utf8')) as ListedObject[]);
    listed.push(...page);
    if (page.length < LISTING_PAGE) return listed;
  }
}

/** GET or HEAD of an object: a DLO manifest's answer is its segments', else the object's own. */
async function readObject(next: SwiftApp, proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  const { answer, manifest } = await readMaybeManifest(next, proxy, call, (headers) =>
    Boolean(headers['x-object-manifest']),
  );
  if (!manifest) return answer;
  dropBody(answer);
  const target = manifestTarget(answer.headers['x-object-manifest']);
  if (!target) return answer;
  const listed = await listSegments(next, proxy, call, target.container, target.prefix);
  const segments: Segment[] = listed.map((item) => ({
    path: pathInAccount(call, target.container, item.name),
    start: 0,
    end: item.bytes,
  }));
  const etag = largeObjectEtag(listed.map((item) => item.hash));
  return largeObjectAnswer(next, proxy, call, answer.headers, segments, etag);
}

/**
 * Swift's dynamic large objects: an object with `X-Object-Manifest: <container>/<prefix>` reads as
 * the objects of that container whose names start with the prefix, one after the other in name
 * order; `?multipart-manifest=get` reads the manifest itself.
 */
export const dloMiddleware: SwiftMiddleware = {
  name: 'dlo',
  wrap: (next) => async (proxy, call) => {
    if (call.path.object === undefined) return next(proxy, call);
    const value = header(call.headers, 'x-object-manifest');
    if ((call.method === 'PUT' || call.method === 'POST') && value !== undefined && !isValidManifest(value)) {
      throw new SwiftError(400, 'X-Object-Manifest must be in the format container/prefix');
    }
    if ((call.method === 'GET' || call.method === 'HEAD') && call.query['multipart-manifest'] !== 'get') {
      return readObject(next, proxy, call);
    }
    return next(proxy, call);
  },
};
