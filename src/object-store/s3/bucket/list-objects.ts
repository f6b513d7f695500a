import type { SwiftAnswer } from '../../proxy/swift-call.js';
import { ownerOf } from '../owner.js';
import { answerText } from '../../proxy/whole-body.js';
import type { S3Context } from '../s3-context.js';
import { s3Errors } from '../s3-errors.js';
import type { S3Request } from '../s3-request.js';
import { callSwift } from '../s3-swift.js';
import { listingTime } from '../s3-time.js';
import { xmlAnswer } from '../s3-xml.js';
import { quoteEtag } from '../s3-headers.js';

/** s3api's `max_bucket_listing`: the most keys one listing answers, whatever `max-keys` asks. */
export const MAX_BUCKET_LISTING = 1000;
const MAX_32BIT_INT = 2147483647;

/** One row of a Swift container listing: an object, or a common prefix (`subdir`) when a delimiter is given. */
type ListingRow =
  | { name: string; hash: string; bytes: number; last_modified: string; content_type: string }
  | { subdir: string };

/** `max-keys` as s3api's `get_validated_param` reads it: a non-negative integer, else InvalidArgument. */
function maxKeysOf(query: Record<string, string>): number {
  const text = query['max-keys'];
  if (text === undefined) return MAX_BUCKET_LISTING;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > MAX_32BIT_INT) throw s3Errors.invalidArgument('max-keys', text);
  return value;
}

/** The Swift listing marker of a v2 continuation token (base64 of the last key), InvalidArgument when it is none. */
function markerOfToken(token: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(token) || token.length % 4 !== 0)
    throw s3Errors.invalidArgument(
      'continuation-token',
      token,
      'The continuation token provided is incorrect',
    );
  return Buffer.from(token, 'base64').toString('utf8');
}

/** S3's URL encoding of listed names (`encoding-type=url`), as Python's `quote` leaves `/`. */
const urlEncoded = (text: string) =>
  encodeURIComponent(text)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * ListObjects (v1) and ListObjectsV2 (`list-type=2`): the container listing (prefix, delimiter,
 * marker, or start-after and continuation-token) one key beyond `max-keys` to know whether it is
 * truncated, rendered as s3api renders ListBucketResult: CommonPrefixes for subdirs, NextMarker
 * (v1, with a delimiter) or NextContinuationToken (v2), KeyCount on v2, names URL-encoded on
 * request.
 */
export async function listObjects(s3: S3Context, request: S3Request, bucket: string): Promise<SwiftAnswer> {
  const { query } = request;
  const encodingType = query['encoding-type'];
  if (encodingType !== undefined && encodingType !== 'url')
    throw s3Errors.invalidArgument(
      'encoding-type',
      encodingType,
      'Invalid Encoding Method specified in Request',
    );
  const listType = query['list-type'] ?? '1';
  if (!/^\d+$/.test(listType))
    throw s3Errors.invalidArgument('list-type', listType, 'Argument list-type must be an integer');
  const v2 = listType === '2';
  const tagMaxKeys = maxKeysOf(query);
  const maxKeys = Math.min(tagMaxKeys, MAX_BUCKET_LISTING);
  const swiftQuery: Record<string, string> = { format: 'json', limit: String(maxKeys + 1) };
  if (query.prefix !== undefined) swiftQuery.prefix = query.prefix;
  if (query.delimiter !== undefined) swiftQuery.delimiter = query.delimiter;
  if (v2) {
    if (query['start-after'] !== undefined) swiftQuery.marker = query['start-after'];
    if (query['continuation-token'] !== undefined)
      swiftQuery.marker = markerOfToken(query['continuation-token']);
  } else if (query.marker !== undefined) swiftQuery.marker = query.marker;

  const answer = await callSwift(s3, request, { method: 'GET', query: swiftQuery });
  const text = await answerText(answer);
  const rows = (text ? JSON.parse(text) : []) as ListingRow[];
  const truncated = maxKeys > 0 && rows.length > maxKeys;
  const shown = rows.slice(0, maxKeys);
  const encode = (name: string) => (encodingType === 'url' ? urlEncoded(name) : name);
  const last = shown[shown.length - 1];
  const lastName = last === undefined ? '' : 'subdir' in last ? last.subdir : last.name;
  const owner = ownerOf(request);
  const showOwner = !v2 || ['true', '1', 'yes', 'on'].includes((query['fetch-owner'] ?? '').toLowerCase());

  const result: Record<string, unknown> = { Name: bucket, Prefix: encode(query.prefix ?? '') };
  if (v2) {
    if (truncated) result.NextContinuationToken = Buffer.from(lastName, 'utf8').toString('base64');
    if (query['continuation-token'] !== undefined) result.ContinuationToken = query['continuation-token'];
    if (query['start-after'] !== undefined) result.StartAfter = encode(query['start-after']);
    result.KeyCount = shown.length;
  } else {
    result.Marker = encode(query.marker ?? '');
    if (truncated && query.delimiter !== undefined) result.NextMarker = encode(lastName);
  }
  result.MaxKeys = tagMaxKeys;
  if (query.delimiter) result.Delimiter = encode(query.delimiter);
  if (encodingType === 'url') result.EncodingType = 'url';
  result.IsTruncated = truncated ? 'true' : 'false';
  result.Contents = shown
    .filter((row) => !('subdir' in row))
    .map((row) => {
      const object = row as Exclude<ListingRow, { subdir: string }>;
      return {
        Key: encode(object.name),
        LastModified: listingTime(object.last_modified),
        ETag: quoteEtag(object.hash),
        Size: object.bytes,
        ...(showOwner ? { Owner: { ID: owner, DisplayName: owner } } : {}),
        StorageClass: 'STANDARD',
      };
    });
  result.CommonPrefixes = shown
    .filter((row): row is { subdir: string } => 'subdir' in row)
    .map((row) => ({ Prefix: encode(row.subdir) }));
  return xmlAnswer('ListBucketResult', result);
}
