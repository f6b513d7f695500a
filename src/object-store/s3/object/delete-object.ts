import type { SwiftAnswer } from '../../proxy/swift-call.js';
import { answerText } from '../../proxy/whole-body.js';
import type { S3Context } from '../s3-context.js';
import { S3Error } from '../s3-error.js';
import type { S3Request } from '../s3-request.js';
import { callSwift } from '../s3-swift.js';

/**
 * Deletes an object; a static large object (a completed multipart upload) with its segments
 * (`multipart-manifest=delete`), as s3api's `gen_multipart_manifest_delete_query`. An absent key
 * is no error; an absent bucket is NoSuchBucket.
 */
export async function deleteObjectQuietly(s3: S3Context, request: S3Request, key: string): Promise<void> {
  let query: Record<string, string> = {};
  try {
    const head = await callSwift(s3, request, { method: 'HEAD', object: key });
    if ((head.headers['x-static-large-object'] ?? '').toLowerCase() === 'true')
      query = { 'multipart-manifest': 'delete' };
  } catch (error) {
    if (!(error instanceof S3Error) || error.code !== 'NoSuchKey') throw error;
    return;
  }
  try {
    const answer = await callSwift(s3, request, {
      method: 'DELETE',
      object: key,
      query,
      headers: { accept: 'application/json' },
    });
    // A manifest's deletion deletes its segments while its answer is read: read it to the end.
    await answerText(answer);
  } catch (error) {
    if (!(error instanceof S3Error) || error.code !== 'NoSuchKey') throw error;
  }
}

/** DeleteObject: 204 whether or not the key was there. */
export async function deleteObject(s3: S3Context, request: S3Request, key: string): Promise<SwiftAnswer> {
  await deleteObjectQuietly(s3, request, key);
  return { status: 204, headers: {} };
}
