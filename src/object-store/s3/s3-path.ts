import { s3Errors } from './s3-errors.js';

/** What a path-style S3 path names, below the object store's mount point. */
export interface S3Path {
  /** An account named in front of the bucket (`/AUTH_<project>/<bucket>/<key>`), for anonymous readers of public buckets. */
  account?: string;
  bucket?: string;
  key?: string;
}

const IP_ADDRESS = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * Whether a bucket name is a valid DNS-compliant S3 bucket name (s3api's `validate_bucket_name`
 * with `dns_compliant_bucket_names`): 3 to 63 lower-case letters, digits, dots and dashes,
 * starting and ending with a letter or digit, no `..`, `.-` or `-.`, not an IP address.
 */
export function isValidBucketName(name: string): boolean {
  return (
    name.length >= 3 &&
    name.length <= 63 &&
    /^[a-z0-9][-.a-z0-9]*[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !name.includes('.-') &&
    !name.includes('-.') &&
    !IP_ADDRESS.test(name)
  );
}

/**
 * Splits a raw (percent-encoded) path-style path as s3api's `parse_path`: the first segment is
 * the bucket, the rest (slashes kept) the key. Swift accounts cannot be bucket names (they hold
 * `_` and capitals), so a first segment `AUTH_...` names the account of the bucket that follows:
 * how an anonymous reader, who has no credential to say whose bucket it means, reaches a public one.
 */
export function parseS3Path(rawPath: string): S3Path {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw s3Errors.invalidURI(rawPath);
  }
  if (path.includes('\0')) throw s3Errors.invalidURI(rawPath);
  let segments = path.replace(/^\//, '').split('/');
  let account: string | undefined;
  if (segments[0].startsWith('AUTH_')) {
    account = segments[0];
    segments = segments.slice(1);
  }
  const [bucket, ...rest] = segments;
  const key = rest.join('/');
  if (bucket && !isValidBucketName(bucket)) throw s3Errors.invalidBucketName(bucket);
  return {
    ...(account ? { account } : {}),
    ...(bucket ? { bucket } : {}),
    ...(bucket && key ? { key } : {}),
  };
}
