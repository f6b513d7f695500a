import type { SwiftAnswer } from '../../proxy/swift-call.js';
import type { S3Context } from '../s3-context.js';
import { S3Error } from '../s3-error.js';
import type { S3Request } from '../s3-request.js';
import { listingTime } from '../s3-time.js';
import { xmlAnswer } from '../s3-xml.js';
import { ownerOf } from '../owner.js';
import { countParameter } from './list-parts.js';
import { listSegments, requireBucket, type ListedObject } from './upload-store.js';

/** S3's default and largest `max-uploads`. */
const DEFAULT_MAX_UPLOADS = 1000;

interface Upload {
  key: string;
  uploadId: string;
  initiated: string;
}

/** A marker `<key>/<uploadId>` as an upload; parts (`.../<partNumber>`) are not uploads. */
function uploadOf(object: ListedObject): Upload | undefined {
  const slash = object.name.lastIndexOf('/');
  if (slash <= 0 || /^\d+$/.test(object.name.slice(slash + 1))) return undefined;
  return {
    key: object.name.slice(0, slash),
    uploadId: object.name.slice(slash + 1),
    initiated: object.last_modified,
  };
}

/** Every upload in progress in the bucket, in key then upload id order; none without a segments container. */
async function uploadsOf(
  s3: S3Context,
  request: S3Request,
  bucket: string,
  prefix: string,
): Promise<Upload[]> {
  try {
    const objects = await listSegments(s3, request, bucket, { prefix });
    return objects.flatMap((object) => uploadOf(object) ?? []);
  } catch (error) {
    if (error instanceof S3Error && error.code === 'NoSuchBucket') return [];
    throw error;
  }
}

/**
 * ListMultipartUploads (`GET /<bucket>?uploads`): the uploads in progress after `key-marker`
 * (and `upload-id-marker` within it), under `prefix`, rolled up to `CommonPrefixes` at
 * `delimiter`, at most `max-uploads`.
 */
export async function listUploads(s3: S3Context, request: S3Request, bucket: string): Promise<SwiftAnswer> {
  const { prefix = '', delimiter = '' } = request.query;
  const keyMarker = request.query['key-marker'] ?? '';
  const uploadIdMarker = request.query['upload-id-marker'] ?? '';
  const maxUploads = Math.min(
    countParameter(request, 'max-uploads', DEFAULT_MAX_UPLOADS),
    DEFAULT_MAX_UPLOADS,
  );
  await requireBucket(s3, request, bucket);
  const after = (await uploadsOf(s3, request, bucket, prefix)).filter(
    (upload) =>
      !keyMarker ||
      upload.key > keyMarker ||
      (upload.key === keyMarker && uploadIdMarker !== '' && upload.uploadId > uploadIdMarker),
  );
  const uploads: Upload[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  for (const upload of after) {
    const cut = delimiter ? upload.key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? upload.key.slice(0, cut + delimiter.length) : undefined;
    if (common !== undefined && prefixes.at(-1) === common) continue;
    if (uploads.length + prefixes.length === maxUploads) {
      truncated = true;
      break;
    }
    if (common !== undefined) prefixes.push(common);
    else uploads.push(upload);
  }
  const owner = { ID: ownerOf(request), DisplayName: ownerOf(request) };
  const last = uploads.at(-1);
  return xmlAnswer('ListMultipartUploadsResult', {
    Bucket: bucket,
    KeyMarker: keyMarker,
    UploadIdMarker: uploadIdMarker,
    NextKeyMarker: last?.key ?? '',
    NextUploadIdMarker: last?.uploadId ?? '',
    ...(delimiter ? { Delimiter: delimiter } : {}),
    ...(prefix ? { Prefix: prefix } : {}),
    MaxUploads: maxUploads,
    IsTruncated: truncated,
    Upload: uploads.map((upload) => ({
      Key: upload.key,
      UploadId: upload.uploadId,
      Initiator: owner,
      Owner: owner,
      StorageClass: 'STANDARD',
      Initiated: listingTime(upload.initiated),
    })),
    CommonPrefixes: prefixes.map((common) => ({ Prefix: common })),
  });
}
