import type { S3Request } from './s3-request.js';

/**
 * The owner named in S3 answers (listings, ACLs): `<project>:<user>` of the signer, as s3api
 * names Keystone users, or the account for an anonymous request.
 */
export function ownerOf(request: S3Request): string {
  return request.caller ? `${request.caller.projectName ?? ''}:${request.caller.userName}` : request.account;
}
