import type { SwiftAnswer } from '../../proxy/swift-call.js';
import { header } from '../../proxy/headers.js';
import type { S3Context } from '../s3-context.js';
import { s3Errors } from '../s3-errors.js';
import type { S3Request } from '../s3-request.js';
import { quoteEtag, swiftRequestHeaders } from '../s3-headers.js';
import { callSwift } from '../s3-swift.js';
import { s3XmlTime } from '../s3-time.js';
import { xmlAnswer } from '../s3-xml.js';

/** Headers a copy keeps from its source unless the metadata directive is REPLACE (s3api's `copy_exclude_headers`). */
const SOURCE_HEADERS = [
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-type',
  'expires',
  'cache-control',
  'x-robots-tag',
];

/** The source bucket and key of `x-amz-copy-source` (`[/]bucket/key`, percent-encoded). */
function copySource(value: string): { bucket: string; key: string } {
  const [path, query] = value.split('?', 2);
  if (query !== undefined && !/^versionId=null$/.test(query))
    throw s3Errors.invalidArgument('X-Amz-Copy-Source', value, 'Unsupported copy source parameter.');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = '';
  }
  const [bucket, ...rest] = decoded.replace(/^\//, '').split('/');
  const key = rest.join('/');
  if (!bucket || !key)
    throw s3Errors.invalidArgument(
      'x-amz-copy-source',
      value,
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
    );
  return { bucket, key };
}

/**
 * CopyObject (PUT with `x-amz-copy-source`): the source is read first with the
 * `x-amz-copy-source-if-*` conditions (a 304 is PreconditionFailed), then Swift copies it
 * (`X-Copy-From`), its metadata kept (COPY) or replaced by the request's (REPLACE); copying an
 * object onto itself without REPLACE is refused, as s3api does. Answers CopyObjectResult.
 */
export async function copyObject(s3: S3Context, request: S3Request, key: string): Promise<SwiftAnswer> {
  const source = copySource(header(request.headers, 'x-amz-copy-source') ?? '');
  if (header(request.headers, 'x-amz-copy-source-range') !== undefined)
    throw s3Errors.invalidArgument(
      'x-amz-copy-source-range',
      header(request.headers, 'x-amz-copy-source-range') ?? '',
      'Illegal copy header',
    );
  if (header(request.headers, 'range') !== undefined)
    throw s3Errors.invalidArgument(
      'Range',
      header(request.headers, 'range') ?? '',
      'RANGE is not supported in Copy!',
    );
  const conditions: Record<string, string> = {};
  for (const name of ['if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since']) {
    const value = header(request.headers, `x-amz-copy-source-${name}`);
    if (value !== undefined) conditions[name] = value;
  }
  const head = await callSwift(s3, request, {
    method: 'HEAD',
    container: source.bucket,
    object: source.key,
    headers: conditions,
  });
  if (head.status === 304) throw s3Errors.preconditionFailed();
  const directive = header(request.headers, 'x-amz-metadata-directive') ?? 'COPY';
  if (source.bucket === request.bucket && source.key === key && directive === 'COPY')
    throw s3Errors.invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );

  const headers = swiftRequestHeaders(request.headers);
  headers['x-copy-from'] =
    `/${encodeURIComponent(source.bucket)}/${source.key.split('/').map(encodeURIComponent).join('/')}`;
  headers['content-length'] = '0';
  delete headers['transfer-encoding'];
  if (directive === 'REPLACE') {
    headers['x-fresh-metadata'] = 'True';
    headers['content-type'] ||= 'binary/octet-stream';
  } else {
    for (const name of SOURCE_HEADERS) delete headers[name];
    for (const name of Object.keys(headers)) if (name.startsWith('x-object-meta-')) delete headers[name];
  }
  const answer = await callSwift(s3, request, { method: 'PUT', object: key, headers });
  const lastModified = Date.parse(answer.headers['last-modified'] ?? '') || request.now;
  return xmlAnswer('CopyObjectResult', {
    LastModified: s3XmlTime(lastModified),
    ETag: quoteEtag(answer.headers.etag ?? ''),
  });
}
