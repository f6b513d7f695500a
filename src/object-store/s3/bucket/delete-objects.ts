import { createHash } from 'node:crypto';
import type { SwiftAnswer } from '../../proxy/swift-call.js';
import { header } from '../../proxy/headers.js';
import { deleteObjectQuietly } from '../object/delete-object.js';
import { readRequestBody } from '../s3-body.js';
import type { S3Context } from '../s3-context.js';
import { S3Error } from '../s3-error.js';
import { s3Errors } from '../s3-errors.js';
import type { S3Request } from '../s3-request.js';
import { callSwift } from '../s3-swift.js';
import { parseS3Xml, xmlAnswer } from '../s3-xml.js';

/** s3api's `max_multi_delete_objects`. */
export const MAX_KEYS = 1000;
/** s3api's body bound: two object names of the longest per key, at most 10 MiB. */
const MAX_BODY = Math.min(2 * MAX_KEYS * 1024, 10 * 1024 * 1024);

type Xml = Record<string, unknown>;

/** The keys and the Quiet flag of a Delete document; MalformedXML when it is not one. */
function deleteRequest(document: string): { keys: string[]; quiet: boolean } {
  let root: unknown;
  try {
    root = parseS3Xml(document).Delete;
  } catch {
    throw s3Errors.malformedXML();
  }
  if (root === undefined) throw s3Errors.malformedXML();
  const element = (typeof root === 'object' && root !== null ? root : {}) as Xml;
  const objects =
    element.Object === undefined ? [] : Array.isArray(element.Object) ? element.Object : [element.Object];
  const keys = (objects as unknown[]).map((object) => {
    const key = typeof object === 'object' && object !== null ? (object as Xml).Key : undefined;
    if (typeof key !== 'string' || !key) throw s3Errors.userKeyMustBeSpecified();
    return key;
  });
  if (keys.length === 0 || keys.length > MAX_KEYS) throw s3Errors.malformedXML();
  return { keys, quiet: String(element.Quiet ?? '').toLowerCase() === 'true' };
}

/**
 * DeleteObjects (`POST /<bucket>?delete`): the body must carry a Content-MD5 that matches it;
 * each key is deleted as DeleteObject deletes it (an absent key counts as deleted) and reported
 * as Deleted (unless Quiet) or as an Error with its S3 code, as s3api's MultiObjectDeleteController.
 */
export async function deleteObjects(s3: S3Context, request: S3Request): Promise<SwiftAnswer> {
  const body = await readRequestBody(request.body, MAX_BODY);
  if (body.length === 0) throw s3Errors.missingRequestBody();
  const contentMd5 = header(request.headers, 'content-md5');
  if (!contentMd5)
    throw s3Errors.invalidRequest(
      'Missing required header for this request: Content-MD5 OR x-amz-checksum-*',
    );
  if (createHash('md5').update(body).digest('base64') !== contentMd5) throw s3Errors.badDigest(contentMd5);
  const { keys, quiet } = deleteRequest(body.toString('utf8'));

  const deleted: { Key: string }[] = [];
  const errors: { Key: string; Code: string; Message: string }[] = [];
  try {
    await callSwift(s3, request, { method: 'HEAD' });
  } catch (error) {
    if (!(error instanceof S3Error) || error.code !== 'AccessDenied') throw error;
    for (const key of keys) errors.push({ Key: key, Code: error.code, Message: error.message });
    return xmlAnswer('DeleteResult', { Error: errors });
  }
  for (const key of keys) {
    try {
      await deleteObjectQuietly(s3, request, key);
      if (!quiet) deleted.push({ Key: key });
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      errors.push({ Key: key, Code: error.code, Message: error.message });
    }
  }
  return xmlAnswer('DeleteResult', { Deleted: deleted, Error: errors });
}
