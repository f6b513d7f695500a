import { createHash } from 'node:crypto';
import { S3_LOCATION } from '../s3-location.js';
import { s3Errors } from '../s3-errors.js';
import { awsUriEncode } from './aws-uri-encode.js';
import type { FoundSignature, SigningInput } from './signing-input.js';
import { ALLOWABLE_CLOCK_SKEW_MS, headerValue, signedPlacements } from './signing-input.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SERVICE = 's3';
const TERMINAL = 'aws4_request';
/** Headers a V4 request must sign when it carries them (s3api's `SIGV4_MUST_BE_SIGNED_AMZ_PREFIXES`). */
const MUST_BE_SIGNED = ['x-amz-copy', 'x-amz-acl', 'x-amz-grant', 'x-amz-meta'];
const MAX_PRESIGNED_SECONDS = 604800;

/** `20150830T123600Z` in milliseconds since the epoch; NaN when it is not one. */
function parseAmzDate(text: string | undefined): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!match) return NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

interface V4Parts {
  access: string;
  signature: string;
  credentialScope: string[];
  signedHeaders: string[];
  amzDate: string;
  payloadHash: string;
}

/** `access/date/region/s3/aws4_request`, checked against the request date and our region as s3api does. */
function checkCredential(
  credential: string,
  amzDate: string,
  malformed: (message: string, extra?: Record<string, string>) => Error,
): string[] {
  const parts = credential.split('/');
  if (!parts[0] || parts.length !== 5) throw s3Errors.accessDenied();
  const [, date, region, service, terminal] = parts;
  const expected = amzDate.slice(0, 8);
  if (date !== expected)
    throw malformed(
      `Invalid credential date "${date}". This date is not the same as X-Amz-Date: "${expected}".`,
    );
  if (region !== S3_LOCATION && region !== S3_LOCATION.toLowerCase())
    // The Region element tells clients (s3cmd) which region to sign for on their next try.
    throw malformed(`the region '${region}' is wrong; expecting '${S3_LOCATION}'`, { Region: S3_LOCATION });
  if (service !== SERVICE)
    throw malformed(`incorrect service "${service}". This endpoint belongs to "${SERVICE}".`);
  if (terminal !== TERMINAL)
    throw malformed(`incorrect terminal "${terminal}". This endpoint uses "${TERMINAL}".`);
  return parts;
}

/** A presigned V4 URL's parts (`X-Amz-Algorithm`, `X-Amz-Credential`...), after its expiry is checked. */
function queryParts(input: SigningInput): V4Parts {
  const { query } = input;
  if (query['X-Amz-Algorithm'] !== ALGORITHM)
    throw s3Errors.invalidArgument('X-Amz-Algorithm', query['X-Amz-Algorithm'] ?? '');
  const amzDate = query['X-Amz-Date'];
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt))
    throw s3Errors.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  const expiresText = query['X-Amz-Expires'];
  if (expiresText === undefined) throw s3Errors.accessDenied();
  const expires = Number(expiresText);
  if (!/^-?\d+$/.test(expiresText))
    throw s3Errors.authorizationQueryParametersError('X-Amz-Expires should be a number');
  if (expires < 0) throw s3Errors.authorizationQueryParametersError('X-Amz-Expires must be non-negative');
  if (expires > MAX_PRESIGNED_SECONDS)
    throw s3Errors.authorizationQueryParametersError(
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    );
  if (signedAt + expires * 1000 < input.now) throw s3Errors.accessDenied('Request has expired');
  const signature = query['X-Amz-Signature'];
  if (!signature || !query['X-Amz-Credential']) throw s3Errors.accessDenied();
  if (query['X-Amz-SignedHeaders'] === undefined) throw s3Errors.authorizationHeaderMalformed();
  const credentialScope = checkCredential(query['X-Amz-Credential'], amzDate, (message, extra) =>
    s3Errors.authorizationQueryParametersError(
      `Error parsing the X-Amz-Credential parameter; ${message}`,
      extra,
    ),
  );
  return {
    access: credentialScope[0],
    signature,
    credentialScope,
    signedHeaders: query['X-Amz-SignedHeaders'].split(';'),
    amzDate,
    payloadHash: headerValue(input.headers, 'x-amz-content-sha256') ?? 'UNSIGNED-PAYLOAD',
  };
}

/** The part of the Authorization header after `name=`, up to the next comma. */
function authorizationField(authorization: string, name: string): string {
  const at = authorization.indexOf(`${name}=`);
  return at < 0
    ? ''
    : authorization
        .slice(at + name.length + 1)
        .split(',')[0]
        .trim();
}

/** A header-signed V4 request's parts, after its date and payload hash are checked. */
function headerParts(input: SigningInput): V4Parts {
  const authorization = headerValue(input.headers, 'authorization') ?? '';
  const amzDate = headerValue(input.headers, 'x-amz-date');
  const date = headerValue(input.headers, 'date');
  const signedAt = amzDate !== undefined ? parseAmzDate(amzDate) : Date.parse(date ?? '');
  if (Number.isNaN(signedAt))
    throw s3Errors.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  if (Math.abs(signedAt - input.now) > ALLOWABLE_CLOCK_SKEW_MS) throw s3Errors.requestTimeTooSkewed();
  const signature = authorizationField(authorization, 'Signature');
  if (!signature) throw s3Errors.accessDenied();
  const signedHeaders = authorizationField(authorization, 'SignedHeaders');
  if (!signedHeaders) throw s3Errors.authorizationHeaderMalformed();
  const stamp = amzDate ?? new Date(signedAt).toISOString().replace(/[-:]|\.\d{3}/g, '');
  const credentialScope = checkCredential(
    authorizationField(authorization, 'Credential'),
    stamp,
    (message, extra) =>
      s3Errors.authorizationHeaderMalformed(`The authorization header is malformed; ${message}`, extra),
  );
  const payloadHash = headerValue(input.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined)
    throw s3Errors.invalidRequest('Missing required header for this request: x-amz-content-sha256');
  if (payloadHash.startsWith('STREAMING-'))
    throw s3Errors.notImplemented(
      'Transferring payloads in multiple chunks using aws-chunked is not supported.',
    );
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && !/^[0-9a-fA-F]{64}$/.test(payloadHash))
    throw s3Errors.invalidArgument(
      'x-amz-content-sha256',
      payloadHash,
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
    );
  return {
    access: credentialScope[0],
    signature,
    credentialScope,
    signedHeaders: signedHeaders.split(';'),
    amzDate: stamp,
    payloadHash,
  };
}

/** The canonical headers block and signed header list; an unsigned `x-amz-meta-*` or the like is refused. */
function canonicalHeaders(
  input: SigningInput,
  signed: string[],
  hostSuffix: string,
): { block: string; names: string } {
  const signedSet = new Set(signed);
  for (const name of Object.keys(input.headers)) {
    if (!signedSet.has(name) && MUST_BE_SIGNED.some((prefix) => name.startsWith(prefix)))
      throw s3Errors.accessDenied('There were headers present in the request which were not signed');
  }
  const names = [...signedSet].sort();
  const lines = names.map((name) => {
    const value = headerValue(input.headers, name);
    if (value === undefined) throw s3Errors.signatureDoesNotMatch();
    const signedValue = name === 'host' ? `${value.trim()}${hostSuffix}` : value;
    return `${name}:${signedValue.trim().split(/\s+/).join(' ')}\n`;
  });
  return { block: lines.join(''), names: names.join(';') };
}

/** The canonical query: every parameter but the signature, sorted, names and values AWS-encoded. */
function canonicalQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .filter((name) => name !== 'X-Amz-Signature' && name !== 'Signature')
    .sort()
    .map((name) => `${awsUriEncode(name)}=${awsUriEncode(query[name])}`)
    .join('&');
}

/**
 * The access key, signature and strings to sign of an AWS Signature V4 request (Authorization
 * header or presigned query), with the canonical request built as AWS and s3api build it: the
 * path decoded then AWS-encoded, the sorted query, the signed headers trimmed, and the payload
 * hash the client gave (`UNSIGNED-PAYLOAD` for a presigned URL without one).
 */
export function signatureV4(input: SigningInput): FoundSignature {
  const parts = 'X-Amz-Credential' in input.query ? queryParts(input) : headerParts(input);
  const query = canonicalQuery(input.query);
  const scope = parts.credentialScope.slice(1).join('/');
  let path: string;
  try {
    path = decodeURIComponent(input.rawPath);
  } catch {
    throw s3Errors.invalidURI(input.rawPath);
  }
  const stringsToSign = signedPlacements(input, path).map(({ path: signedPath, hostSuffix }) => {
    const headers = canonicalHeaders(input, parts.signedHeaders, hostSuffix);
    const canonicalRequest = [
      input.method,
      awsUriEncode(signedPath, true),
      query,
      headers.block,
      headers.names,
      parts.payloadHash,
    ].join('\n');
    const hash = createHash('sha256').update(canonicalRequest, 'utf8').digest('hex');
    return [ALGORITHM, parts.amzDate, scope, hash].join('\n');
  });
  return { access: parts.access, signature: parts.signature, stringsToSign, payloadHash: parts.payloadHash };
}
