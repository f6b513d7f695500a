import type { Readable } from 'node:stream';
import type { RequestContext } from '../../common/auth/context.js';
import type { IncomingHeaders } from '../proxy/headers.js';

/**
 * One S3 request as the S3 handlers see it, after its signature was checked: path-style
 * (`/<bucket>/<key>` under the object store's mount point), the bucket being a container and the
 * key an object of the caller's project account (`AUTH_<project>`), as Swift's s3api maps them.
 */
export interface S3Request {
  method: string;
  /** The bucket named, percent-decoded; absent on the service (`GET /`: list buckets). */
  bucket?: string;
  /** The object key, percent-decoded, slashes kept; absent on bucket requests. */
  key?: string;
  /** The query, decoded: sub-resources (`uploads`, `uploadId`, `acl`, `delete`, `location`...) and parameters. */
  query: Record<string, string>;
  headers: IncomingHeaders;
  /** The request body, streamed; absent on body-less requests. */
  body?: Readable;
  /** Who signed the request; null for an anonymous one (a public-read bucket may still answer). */
  caller: RequestContext | null;
  /** The account the caller's buckets live in: `AUTH_<project of the credential>`. */
  account: string;
  /** Swift's transaction id, also S3's request id (`x-amz-request-id`). */
  transId: string;
  /** When the request arrived, in milliseconds. */
  now: number;
}
