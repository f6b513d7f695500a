import { MAX_KEYS as MAX_MULTI_DELETE_OBJECTS } from './bucket/delete-objects.js';
import { MAX_BUCKET_LISTING } from './bucket/list-objects.js';
import { MAX_PARTS, MIN_PART_SIZE } from './multipart/multipart-errors.js';
import { DEFAULT_MAX_PARTS as MAX_PARTS_LISTING } from './multipart/list-parts.js';

/**
 * The `s3api` section of `/info`, as Swift's s3api registers it: the limits S3 clients meet here
 * (s3api's defaults), multipart uploads allowed, and Swift's ACLs rather than S3's own (`s3_acl`).
 */
export function s3apiInfo(): Record<string, unknown> {
  return {
    max_bucket_listing: MAX_BUCKET_LISTING,
    max_parts_listing: MAX_PARTS_LISTING,
    max_upload_part_num: MAX_PARTS,
    max_multi_delete_objects: MAX_MULTI_DELETE_OBJECTS,
    allow_multipart_uploads: true,
    min_segment_size: MIN_PART_SIZE,
    s3_acl: false,
  };
}
