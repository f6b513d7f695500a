import type { SwiftAnswer } from '../../proxy/swift-call.js';
import { header } from '../../proxy/headers.js';
import { CONSTRAINTS } from '../../proxy/constraints.js';
import { cannedAclHeaders } from '../acl.js';
import type { S3Context } from '../s3-context.js';
import { s3Errors } from '../s3-errors.js';
import type { S3Request } from '../s3-request.js';
import { quoteEtag, swiftRequestHeaders } from '../s3-headers.js';
import { callSwift } from '../s3-swift.js';
import { copyObject } from './copy-object.js';
import { md5Hex } from './content-md5.js';

/**
 * PutObject, or CopyObject when `x-amz-copy-source` is given: the body streamed to Swift with the
 * Content-MD5 as the ETag Swift checks (a mismatch is BadDigest), metadata as
 * `X-Object-Meta-*`, the content type `binary/octet-stream` unless given; the answer carries the
 * quoted ETag.
 */
export async function putObject(s3: S3Context, request: S3Request, key: string): Promise<SwiftAnswer> {
  if (Buffer.byteLength(key) > CONSTRAINTS.max_object_name_length) throw s3Errors.keyTooLong();
  if (header(request.headers, 'x-amz-copy-source') !== undefined) return copyObject(s3, request, key);
  // An object has its bucket's ACL; s3api still refuses a canned ACL it does not know.
  const acl = header(request.headers, 'x-amz-acl');
  if (acl !== undefined) cannedAclHeaders(acl);
  const headers = swiftRequestHeaders(request.headers);
  headers['content-type'] ||= 'binary/octet-stream';
  const contentMd5 = header(request.headers, 'content-md5');
  const expected = contentMd5 === undefined ? undefined : md5Hex(contentMd5);
  if (expected) headers.etag = expected;
  const answer = await callSwift(s3, request, {
    method: 'PUT',
    object: key,
    headers,
    body: request.body,
    errors: { 422: () => s3Errors.badDigest(expected ?? '') },
  });
  return { status: 200, headers: { etag: quoteEtag(answer.headers.etag ?? '') }, body: '' };
}
