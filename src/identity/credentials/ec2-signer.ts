import { createHash, createHmac } from 'node:crypto';
import { Unauthorized } from '../../common/http/errors.js';
import { v4SigningKey } from './s3-signature.js';

/**
 * What an EC2 API endpoint sends `/v3/ec2tokens` about the request it got: the query (or form)
 * parameters without `Signature`, the method, host and path, and for Signature V4 the headers
 * and the hex SHA-256 of the body.
 */
export interface Ec2SignedRequest {
  params: Record<string, string>;
  verb: string;
  host: string;
  path: string;
  headers: Record<string, string>;
  body_hash: string;
}

/**
 * The signature of an EC2 query API request, as keystoneclient's `Ec2Signer.generate`:
 * SignatureVersion 0, 1 or 2 from the parameters, else V4 when the Authorization header or
 * `X-Amz-Algorithm` says `AWS4-HMAC-SHA256`. Throws Unauthorized for a version it cannot compute.
 */
export function ec2Signature(secret: string, request: Ec2SignedRequest): string {
  const { params } = request;
  const version = params.SignatureVersion;
  if (version === undefined && isV4(request)) return signatureV4(secret, request);
  if (version === '0') {
    return hmacBase64('sha1', secret, `${params.Action ?? ''}${params.Timestamp ?? ''}`);
  }
  if (version === '1') {
    const keys = Object.keys(params).sort((a, b) => compare(a.toLowerCase(), b.toLowerCase()));
    return hmacBase64('sha1', secret, keys.map((key) => `${key}${params[key]}`).join(''));
  }
  if (version === '2') {
    // As the signer does, SignatureMethod is set to what it computes, whatever the client said.
    const signed = { ...params, SignatureMethod: 'HmacSHA256' };
    const text = `${request.verb}\n${request.host}\n${request.path}\n${canonicalQuery(signed)}`;
    return hmacBase64('sha256', secret, text);
  }
  throw new Unauthorized(`Unknown signature version: ${version ?? 'None'}`);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function hmacBase64(algorithm: 'sha1' | 'sha256', secret: string, text: string): string {
  return createHmac(algorithm, secret).update(text, 'utf8').digest('base64');
}

function isV4(request: Ec2SignedRequest): boolean {
  const authorization = request.headers.Authorization;
  if (authorization !== undefined) return authorization.startsWith('AWS4-HMAC-SHA256');
  return request.params['X-Amz-Algorithm'] === 'AWS4-HMAC-SHA256';
}

/** Python's `urllib.parse.quote(value, safe)`: every byte but letters, digits, `_.-~` and `safe`. */
function quote(value: string, safe: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9_.~-]/.test(char) || safe.includes(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** The parameters sorted by name, names and values percent-encoded. */
function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort(compare)
    .map((key) => `${quote(key, '')}=${quote(params[key]!, '-_~')}`)
    .join('&');
}

function signatureV4(secret: string, request: Ec2SignedRequest): string {
  const { params, headers } = request;
  /** An Authorization header field (`Credential`, `SignedHeaders`), else its `X-Amz-` parameter. */
  const authParam = (name: string): string => {
    const authorization = headers.Authorization;
    if (authorization === undefined) return params[`X-Amz-${name}`] ?? '';
    const after = authorization.split(`${name}=`).slice(1).join(`${name}=`);
    return after.split(',')[0] ?? '';
  };
  const lowered = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase().trim(), v.trim()]));
  const signedHeaders = authParam('SignedHeaders');
  const canonicalHeaders = signedHeaders
    .split(';')
    .filter((name) => lowered.has(name))
    .map((name) => `${name}:${lowered.get(name)}`)
    .join('\n');
  // POST requests carry their parameters in the body, which body_hash covers.
  const query = request.verb.toUpperCase() === 'POST' ? '' : canonicalQuery(params);
  const canonicalRequest = [
    request.verb.toUpperCase(),
    request.path,
    query,
    `${canonicalHeaders}\n`,
    signedHeaders,
    request.body_hash,
  ].join('\n');

  const credential = authParam('Credential').split('/');
  const [, date = '', region = '', service = ''] = credential;
  const requestDate = headers['X-Amz-Date'] ?? params['X-Amz-Date'] ?? '';
  if (!requestDate.startsWith(date)) throw new Unauthorized('Request date mismatch error');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    requestDate,
    credential.slice(1).join('/'),
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  return createHmac('sha256', v4SigningKey(secret, date, region, service))
    .update(stringToSign)
    .digest('hex');
}
