import { parseS3Xml } from './s3-xml.js';
import { s3Errors } from './s3-errors.js';

const XMLNS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

/**
 * Canned ACLs as container ACLs, s3api's simplified ACL (`acl_utils.swift_acl_translate`):
 * public-read lets anyone read and list, public-read-write also write; the owner-only ones are
 * private.
 */
const CANNED: Record<string, Record<string, string>> = {
  private: { 'x-container-read': '.', 'x-container-write': '.' },
  'public-read': { 'x-container-read': '.r:*,.rlistings' },
  'public-read-write': { 'x-container-read': '.r:*,.rlistings', 'x-container-write': '.r:*' },
};
CANNED['bucket-owner-full-control'] = CANNED.private;
CANNED['bucket-owner-read'] = CANNED.private;

/** A canned ACL's container headers; InvalidArgument for one s3api does not know, NotImplemented for the ones it lacks. */
export function cannedAclHeaders(acl: string): Record<string, string> {
  if (acl === 'authenticated-read' || acl === 'log-delivery-write') throw s3Errors.notImplemented();
  const headers = CANNED[acl];
  if (!headers) throw s3Errors.invalidArgument('x-amz-acl', acl);
  return headers;
}

type Xml = Record<string, unknown>;
const asList = (value: unknown): Xml[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]) as Xml[];

/**
 * The canned ACL an `AccessControlPolicy` document amounts to, read as s3api reads it: a
 * CanonicalUser FULL_CONTROL is private, an AllUsers READ public-read, an AllUsers WRITE
 * public-read-write; anything else is MalformedACLError.
 */
export function cannedAclOfPolicy(document: string): string {
  let policy: Xml;
  try {
    policy = parseS3Xml(document).AccessControlPolicy as Xml;
  } catch {
    throw s3Errors.malformedACL();
  }
  if (!policy || typeof policy !== 'object') throw s3Errors.malformedACL();
  const grants = asList((policy.AccessControlList as Xml | undefined)?.Grant);
  let acl = 'unknown';
  for (const grant of grants) {
    const grantee = grant.Grantee as Xml | undefined;
    const kind = grantee && typeof grantee === 'object' && 'URI' in grantee ? 'Group' : 'CanonicalUser';
    const permission = grant.Permission;
    if (
      permission === 'FULL_CONTROL' &&
      kind === 'CanonicalUser' &&
      acl !== 'public-read' &&
      acl !== 'public-read-write'
    )
      acl = 'private';
    else if (permission === 'READ' && kind === 'Group' && acl !== 'public-read-write') acl = 'public-read';
    else if (permission === 'WRITE' && kind === 'Group') acl = 'public-read-write';
    else acl = 'unsupported';
  }
  if (!CANNED[acl]) throw s3Errors.malformedACL();
  return acl;
}

/** Whether a container ACL lets anyone in (a `.r:*` referrer), as s3api's `referrer_allowed('unknown', ...)`. */
function allowsEveryone(acl: string | undefined): boolean {
  return (acl ?? '').split(',').some((item) => item.trim() === '.r:*');
}

/**
 * An `AccessControlPolicy` from a container's ACL headers (s3api's `get_acl`): the owner with
 * FULL_CONTROL, and AllUsers READ or WRITE when the read or write ACL lets anyone in.
 */
export function accessControlPolicy(
  owner: string,
  swiftHeaders: Record<string, string>,
): Record<string, unknown> {
  const group = (permission: string) => ({
    Grantee: { '@_xmlns:xsi': XMLNS_XSI, '@_xsi:type': 'Group', URI: ALL_USERS },
    Permission: permission,
  });
  const grants: unknown[] = [
    {
      Grantee: { '@_xmlns:xsi': XMLNS_XSI, '@_xsi:type': 'CanonicalUser', ID: owner, DisplayName: owner },
      Permission: 'FULL_CONTROL',
    },
  ];
  if (allowsEveryone(swiftHeaders['x-container-read'])) grants.push(group('READ'));
  if (allowsEveryone(swiftHeaders['x-container-write'])) grants.push(group('WRITE'));
  return { Owner: { ID: owner, DisplayName: owner }, AccessControlList: { Grant: grants } };
}
