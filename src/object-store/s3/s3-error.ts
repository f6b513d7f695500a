/**
 * An S3 error answer (Swift's s3api `ErrorResponse`): the HTTP status, S3's error code
 * (`NoSuchBucket`, `SignatureDoesNotMatch`...) and message; `extra` adds elements to the XML
 * body (`BucketName`, `Key`, `UploadId`...) as AWS names them.
 */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}
