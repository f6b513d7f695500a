import { S3Error } from '../s3-error.js';

/** The errors of multipart uploads, with the status and message Swift's s3api gives each. */
export const multipartErrors = {
  noSuchUpload: (uploadId: string) =>
    new S3Error(
      404,
      'NoSuchUpload',
      'The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.',
      { UploadId: uploadId },
    ),
  invalidPart: (partNumber: number, etag: string) =>
    new S3Error(
      400,
      'InvalidPart',
      "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
      { PartNumber: String(partNumber), ETag: etag },
    ),
  invalidPartOrder: (uploadId: string) =>
    new S3Error(
      400,
      'InvalidPartOrder',
      'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
      { UploadId: uploadId },
    ),
  entityTooSmall: (partNumber: number, size: number) =>
    new S3Error(
      400,
      'EntityTooSmall',
      'Your proposed upload is smaller than the minimum allowed object size.',
      {
        ProposedSize: String(size),
        MinSizeAllowed: String(MIN_PART_SIZE),
        PartNumber: String(partNumber),
      },
    ),
};

/** s3api's `min_segment_size`: every part but the last must be at least this big (5 MiB). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** S3's most parts in one upload, and the highest part number. */
export const MAX_PARTS = 10000;
