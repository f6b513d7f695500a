import { s3Errors } from '../s3-errors.js';
import type { FoundSignature, SigningInput } from './signing-input.js';
import { ALLOWABLE_CLOCK_SKEW_MS, headerValue, signedPlacements } from './signing-input.js';

/** Query parameters that are part of what Signature V2 signs (s3api's `ALLOWED_SUB_RESOURCES`). */
const SIGNED_SUB_RESOURCES = new Set([
  'acl',
  'delete',
  'lifecycle',
  'location',
  'logging',
  'notification',
  'partNumber',
  'policy',
  'requestPayment',
  'torrent',
  'uploads',
  'uploadId',
  'versionId',
  'versioning',
  'versions',
  'website',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'cors',
  'tagging',
  'restore',
  'object-lock',
]);

/** A header value as V2 signs it: control characters and blanks stripped at both ends (s3api's `_header_strip`). */
function stripped(value: string | undefined): string {
  const text = value ?? '';
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end -= 1;
  return text.slice(start, end);
}

/**
 * The access key and signature of an AWS Signature V2 request, `Authorization: AWS access:sig`
 * or the `AWSAccessKeyId`/`Signature`/`Expires` query, after s3api's checks of its dates: a
 * header-signed request needs `Date` or `X-Amz-Date` within 15 minutes, a presigned one an
 * `Expires` still ahead.
 */
export function signatureV2(input: SigningInput): FoundSignature {
  const queryAuth = 'AWSAccessKeyId' in input.query;
  let access: string;
  let signature: string;
  let dateLine: string;
  if (queryAuth) {
    const expires = Number(input.query.Expires);
    if (!input.query.Expires || !Number.isFinite(expires)) throw s3Errors.accessDenied();
    if (input.now > expires * 1000) throw s3Errors.accessDenied('Request has expired');
    access = input.query.AWSAccessKeyId;
    signature = input.query.Signature ?? '';
    if (!access || !signature) throw s3Errors.accessDenied();
    dateLine = input.query.Expires;
  } else {
    const authorization = headerValue(input.headers, 'authorization') ?? '';
    if (!authorization.startsWith('AWS ') || !authorization.includes(':')) throw s3Errors.accessDenied();
    const credential = authorization.slice(4);
    const colon = credential.lastIndexOf(':');
    access = credential.slice(0, colon);
    signature = credential.slice(colon + 1);
    const amzDate = headerValue(input.headers, 'x-amz-date');
    const date = amzDate ?? headerValue(input.headers, 'date');
    const signedAt = date === undefined ? NaN : Date.parse(date);
    if (Number.isNaN(signedAt))
      throw s3Errors.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
    if (Math.abs(signedAt - input.now) > ALLOWABLE_CLOCK_SKEW_MS) throw s3Errors.requestTimeTooSkewed();
    dateLine = amzDate !== undefined ? '' : stripped(headerValue(input.headers, 'date'));
  }
  const amzHeaders = Object.keys(input.headers)
    .filter((name) => name.startsWith('x-amz-'))
    .sort()
    .map((name) => `${name}:${stripped(headerValue(input.headers, name))}`);
  const subResources = Object.keys(input.query)
    .filter((name) => SIGNED_SUB_RESOURCES.has(name))
    .sort()
    .map((name) => (input.query[name] ? `${name}=${input.query[name]}` : name));
  const resourceSuffix = subResources.length > 0 ? `?${subResources.join('&')}` : '';
  const head = [
    input.method,
    stripped(headerValue(input.headers, 'content-md5')),
    stripped(headerValue(input.headers, 'content-type')),
    dateLine,
    ...amzHeaders,
  ];
  return {
    access,
    signature,
    stringsToSign: signedPlacements(input, input.rawPath).map(({ path }) =>
      [...head, `${path}${resourceSuffix}`].join('\n'),
    ),
  };
}
