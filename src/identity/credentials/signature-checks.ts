import { timingSafeEqual } from 'node:crypto';
import { Unauthorized } from '../../common/http/errors.js';
import { ec2Signature, type Ec2SignedRequest } from './ec2-signer.js';
import { s3Signature } from './s3-signature.js';
import type { SignedCredentials } from './signed-credentials.js';

/** Compares without telling by its timing how much of the signature was right. */
function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `/v3/s3tokens`: `token` is the base64 of the string to sign, `signature` the client's. */
export function checkS3Signature(credentials: SignedCredentials, secret: string): void {
  const { token, signature } = credentials;
  if (typeof token !== 'string' || typeof signature !== 'string') {
    throw new Unauthorized('Credential signature mismatch');
  }
  if (!sameSignature(signature, s3Signature(Buffer.from(token, 'base64'), secret))) {
    throw new Unauthorized('Credential signature mismatch');
  }
}

const strings = (value: unknown): Record<string, string> =>
  value && typeof value === 'object'
    ? Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, String(entry)]))
    : {};
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * `/v3/ec2tokens`: the request described (params, verb, host, path, headers, body_hash) signed
 * again with the secret. Some clients sign the host without its port, so that is tried too.
 */
export function checkEc2Signature(credentials: SignedCredentials, secret: string): void {
  if (typeof credentials.signature !== 'string' || credentials.signature === '') {
    throw new Unauthorized('EC2 signature not supplied.');
  }
  const request: Ec2SignedRequest = {
    params: strings(credentials.params),
    verb: text(credentials.verb),
    host: text(credentials.host),
    path: text(credentials.path),
    headers: strings(credentials.headers),
    body_hash: text(credentials.body_hash),
  };
  if (sameSignature(credentials.signature, ec2Signature(secret, request))) return;
  if (request.host.includes(':')) {
    const hostname = new URL(`http://${request.host}`).hostname;
    if (sameSignature(credentials.signature, ec2Signature(secret, { ...request, host: hostname }))) return;
  }
  throw new Unauthorized('Invalid EC2 signature.');
}
