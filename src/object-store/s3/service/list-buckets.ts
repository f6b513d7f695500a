import type { SwiftAnswer } from '../../proxy/swift-call.js';
import { answerText } from '../../proxy/whole-body.js';
import type { S3Context } from '../s3-context.js';
import { s3Errors } from '../s3-errors.js';
import { isValidBucketName } from '../s3-path.js';
import type { S3Request } from '../s3-request.js';
import { callSwift } from '../s3-swift.js';
import { listingTime } from '../s3-time.js';
import { xmlAnswer } from '../s3-xml.js';
import { ownerOf } from '../owner.js';

/** s3api's creation date of every bucket, for containers whose listing gives none. */
const DEFAULT_CREATION_DATE = '2009-02-03T16:45:09.000Z';

/**
 * ListBuckets (`GET /`): the caller's containers whose names are valid bucket names, as s3api's
 * ServiceController lists them; an anonymous caller has no buckets to list.
 */
export async function listBuckets(s3: S3Context, request: S3Request): Promise<SwiftAnswer> {
  if (!request.caller) throw s3Errors.accessDenied();
  const answer = await callSwift(s3, request, { method: 'GET', container: null, query: { format: 'json' } });
  const text = await answerText(answer);
  const containers = (text ? JSON.parse(text) : []) as { name: string; last_modified?: string }[];
  const owner = ownerOf(request);
  return xmlAnswer('ListAllMyBucketsResult', {
    Owner: { ID: owner, DisplayName: owner },
    Buckets: {
      Bucket: containers
        .filter((container) => isValidBucketName(container.name))
        .map((container) => ({
          Name: container.name,
          CreationDate: container.last_modified
            ? listingTime(container.last_modified)
            : DEFAULT_CREATION_DATE,
        })),
    },
  });
}
