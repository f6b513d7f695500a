import { BadRequest, Unauthorized } from '../../common/http/errors.js';

/** Keystone's `[credential] auth_ttl`: how old a signed request's timestamp may be, in minutes. */
const AUTH_TTL_MINUTES = 15;

/** The signed request's description, as `/v3/s3tokens` and `/v3/ec2tokens` receive it. */
export type SignedCredentials = Record<string, unknown> & { access: string };

/**
 * The credentials of a body, under any of the names Keystone accepts (`credentials`,
 * `credential`, `ec2Credentials`). 400 for an empty body, 401 when no access key is given.
 */
export function signedCredentials(body: unknown): SignedCredentials {
  if (!body || typeof body !== 'object' || Object.keys(body).length === 0) {
    throw new BadRequest('request must include a request body');
  }
  const named = body as Record<string, unknown>;
  const found = [named.credentials, named.credential, named.ec2Credentials].find(
    (value) => value && typeof value === 'object' && Object.keys(value).length > 0,
  ) as Record<string, unknown> | undefined;
  if (!found || typeof found.access !== 'string') throw new Unauthorized('EC2 Signature not supplied');
  return found as SignedCredentials;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const field = (record: unknown, name: string) =>
  record && typeof record === 'object' ? text((record as Record<string, unknown>)[name]) : undefined;

/** ISO 8601 in its extended form or the basic form of `X-Amz-Date` (`20261121T151000Z`). */
function parseTimestamp(value: string): number {
  const basic = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  const iso = basic ? `${basic[1]}-${basic[2]}-${basic[3]}T${basic[4]}:${basic[5]}:${basic[6]}Z` : value;
  // A time without a zone is UTC to Keystone (timeutils.normalize_time).
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`;
  return Date.parse(zoned);
}

/**
 * Refuses a request signed longer ago than `auth_ttl`, judging by its `Timestamp` (V1/V2) or
 * `X-Amz-Date` (V4); one without a timestamp was left so by its signer and passes.
 */
export function checkTimestamp(credentials: SignedCredentials, now: Date): void {
  const timestamp =
    field(credentials.params, 'Timestamp') ??
    field(credentials.headers, 'X-Amz-Date') ??
    field(credentials.params, 'X-Amz-Date');
  if (!timestamp) return;
  const signedAt = parseTimestamp(timestamp);
  if (Number.isNaN(signedAt)) throw new Unauthorized(`Credential timestamp is invalid: ${timestamp}`);
  if (now.getTime() > signedAt + AUTH_TTL_MINUTES * 60_000) throw new Unauthorized('Credential is expired');
}
