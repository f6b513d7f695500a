import type { IncomingHeaders } from '../../proxy/headers.js';

/** What a signature is computed over: the request as the client sent it. */
export interface SigningInput {
  method: string;
  /** The path below the mount point, still percent-encoded as sent (`/bucket/my%20key`). */
  rawPath: string;
  /** The mount point (`/object-store`), which some clients sign in front of the path. */
  scriptName: string;
  /** The query, decoded. */
  query: Record<string, string>;
  headers: IncomingHeaders;
  /** The time the request arrived, in milliseconds. */
  now: number;
}

/** A signature found on a request and the strings it may have signed, most likely first. */
export interface FoundSignature {
  access: string;
  signature: string;
  /** The strings the client may have signed, one per placement of the mount point (`signedPlacements`). */
  stringsToSign: string[];
  /** V4's `x-amz-content-sha256`: the body must hash to it when it is a hash (not `UNSIGNED-PAYLOAD`). */
  payloadHash?: string;
}

/** How long a signed request stays valid either side of the server's clock (s3api's `allowable_clock_skew`). */
export const ALLOWABLE_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** The value of a header as signers read it: values of a repeated header joined by commas. */
export function headerValue(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * How a path-style client may have placed the mount point in what it signed: in the path
 * (`/object-store/bucket/key`, as boto3 with an endpoint URL ending in the mount point), or moved
 * to the host (`host:port/object-store` signed as the Host, `/bucket/key` as the path, as s3cmd
 * signs with a path in its `host_base`).
 */
export interface SignedPlacement {
  path: string;
  /** What the client appended to the Host header's value when it signed it. */
  hostSuffix: string;
}

/** The placements a client may have signed, the mount point in the path first. */
export function signedPlacements(input: SigningInput, path: string): SignedPlacement[] {
  if (!input.scriptName) return [{ path: path || '/', hostSuffix: '' }];
  return [
    { path: `${input.scriptName}${path}`, hostSuffix: '' },
    { path: path || '/', hostSuffix: input.scriptName },
  ];
}
