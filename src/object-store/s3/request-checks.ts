import type { IncomingHeaders } from '../proxy/headers.js';
import { header } from '../proxy/headers.js';
import { md5Hex } from './object/content-md5.js';
import { s3Errors } from './s3-errors.js';

/**
 * The header checks s3api makes on every request before it is routed (`_validate_headers`):
 * a sane Content-Length, no conditional PUT but `If-None-Match: *`, a known metadata directive
 * and storage class, a well-formed Content-MD5, and none of the features it lacks (MFA delete,
 * server-side encryption, website redirects, tagging).
 */
export function checkRequestHeaders(method: string, headers: IncomingHeaders): void {
  const length = header(headers, 'content-length');
  if (length !== undefined && !/^\d+$/.test(length)) throw s3Errors.invalidArgument('Content-Length', length);
  if (
    method === 'PUT' &&
    (['if-match', 'if-modified-since', 'if-unmodified-since'].some((name) => headers[name] !== undefined) ||
      (header(headers, 'if-none-match') ?? '*') !== '*')
  )
    throw s3Errors.notImplemented('Conditional object PUTs are not supported.');
  const directive = header(headers, 'x-amz-metadata-directive');
  if (directive !== undefined && directive !== 'COPY' && directive !== 'REPLACE')
    throw s3Errors.invalidArgument('x-amz-metadata-directive', directive, 'Unknown metadata directive.');
  const storageClass = header(headers, 'x-amz-storage-class');
  if (storageClass !== undefined && storageClass !== 'STANDARD') throw s3Errors.invalidStorageClass();
  if (headers['x-amz-mfa'] !== undefined) throw s3Errors.notImplemented('MFA Delete is not supported.');
  const encryption = header(headers, 'x-amz-server-side-encryption');
  if (encryption !== undefined) {
    if (encryption !== 'aws:kms' && encryption !== 'AES256')
      throw s3Errors.invalidArgument(
        'x-amz-server-side-encryption',
        encryption,
        'The encryption method specified is not supported',
      );
    throw s3Errors.notImplemented('Server-side encryption is not supported.');
  }
  if (headers['x-amz-website-redirect-location'] !== undefined)
    throw s3Errors.notImplemented('Website redirection is not supported.');
  const contentMd5 = header(headers, 'content-md5');
  if (contentMd5 !== undefined && contentMd5.trim()) md5Hex(contentMd5);
  if (headers['x-amz-tagging'] !== undefined)
    throw s3Errors.notImplemented('Object tagging is not supported.');
}
