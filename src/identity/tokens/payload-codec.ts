import { randomBytes } from 'node:crypto';
import { decode, encode } from '@msgpack/msgpack';
import { InvalidToken, type TokenPayload, type TokenScope } from './types.js';

/**
 * The compact form of a TokenPayload, packed as Keystone packs its Fernet payloads: a msgpack
 * array led by a version number that says which kind of token it is, ids as 16 raw bytes when
 * they are UUID hex, methods as a bitmask, times as float seconds, audit ids as their 16 bytes.
 *
 *   [version, user, methods, expiresAt, issuedAt, auditIds, ...scope fields]
 *
 * Unlike Keystone, issued_at travels in the payload with millisecond precision (Keystone reads
 * the whole seconds of the Fernet timestamp), so revocation events can be matched exactly.
 */

/** One version per kind of token; the numbers are those of Keystone's payload classes. */
const VERSION = {
  unscoped: 0,
  domain: 1,
  project: 2,
  trust: 3,
  system: 8,
  applicationCredential: 9,
} as const;

/** Authentication methods as bits of one integer. */
export const METHOD_BITS: ReadonlyMap<string, number> = new Map([
  ['password', 1],
  ['token', 2],
  ['application_credential', 4],
  ['totp', 8],
  ['external', 16],
  ['mapped', 32],
  ['oauth1', 64],
  // Keystone's marker method for tokens from EC2/S3 signatures (/v3/s3tokens, /v3/ec2tokens).
  ['ec2credential', 128],
]);

const ALL_METHOD_BITS = [...METHOD_BITS.values()].reduce((all, bit) => all | bit, 0);
const UUID_HEX = /^[0-9a-f]{32}$/;
const AUDIT_ID = /^[A-Za-z0-9_-]{22}$/;
const COMMON_FIELDS = 6;

/** A new audit id, as Keystone makes them: 16 random bytes as 22 characters of URL-safe base64. */
export function newAuditId(): string {
  return randomBytes(16).toString('base64url');
}

export function encodePayload(payload: TokenPayload): Uint8Array {
  const common = [
    packId(payload.userId),
    packMethods(payload.methods),
    packTime(payload.expiresAt),
    packTime(payload.issuedAt),
    payload.auditIds.map(packAuditId),
  ];
  const { scope } = payload;
  if (payload.applicationCredentialId !== null) {
    if (scope.kind !== 'project') throw new Error('an application credential token is project-scoped');
    return encode([
      VERSION.applicationCredential,
      ...common,
      packId(scope.projectId),
      packId(payload.applicationCredentialId),
    ]);
  }
  switch (scope.kind) {
    case 'unscoped':
      return encode([VERSION.unscoped, ...common]);
    case 'project':
      return encode([VERSION.project, ...common, packId(scope.projectId)]);
    case 'domain':
      return encode([VERSION.domain, ...common, packId(scope.domainId)]);
    case 'system':
      return encode([VERSION.system, ...common]);
    case 'trust':
      return encode([VERSION.trust, ...common, packId(scope.projectId), packId(scope.trustId)]);
  }
}

/** Reads back what encodePayload wrote; anything else throws InvalidToken. */
export function decodePayload(bytes: Uint8Array): TokenPayload {
  let fields: unknown;
  try {
    fields = decode(bytes);
  } catch {
    throw new InvalidToken('Could not recognize Fernet token');
  }
  if (!Array.isArray(fields) || fields.length < COMMON_FIELDS) {
    throw new InvalidToken('Could not recognize Fernet token');
  }
  const [version, user, methods, expiresAt, issuedAt, auditIds, ...rest] = fields as unknown[];
  const { scope, applicationCredentialId } = decodeScope(version, rest);
  if (!Array.isArray(auditIds)) throw new InvalidToken('Could not recognize Fernet token');
  return {
    userId: unpackId(user),
    methods: unpackMethods(methods),
    scope,
    applicationCredentialId,
    issuedAt: unpackTime(issuedAt),
    expiresAt: unpackTime(expiresAt),
    auditIds: auditIds.map(unpackAuditId),
  };
}

function decodeScope(
  version: unknown,
  rest: unknown[],
): { scope: TokenScope; applicationCredentialId: string | null } {
  const expect = (count: number) => {
    if (rest.length !== count) throw new InvalidToken('Could not recognize Fernet token');
  };
  switch (version) {
    case VERSION.unscoped:
      expect(0);
      return { scope: { kind: 'unscoped' }, applicationCredentialId: null };
    case VERSION.project:
      expect(1);
      return { scope: { kind: 'project', projectId: unpackId(rest[0]) }, applicationCredentialId: null };
    case VERSION.domain:
      expect(1);
      return { scope: { kind: 'domain', domainId: unpackId(rest[0]) }, applicationCredentialId: null };
    case VERSION.system:
      expect(0);
      return { scope: { kind: 'system' }, applicationCredentialId: null };
    case VERSION.trust:
      expect(2);
      return {
        scope: { kind: 'trust', projectId: unpackId(rest[0]), trustId: unpackId(rest[1]) },
        applicationCredentialId: null,
      };
    case VERSION.applicationCredential:
      expect(2);
      return {
        scope: { kind: 'project', projectId: unpackId(rest[0]) },
        applicationCredentialId: unpackId(rest[1]),
      };
    default:
      throw new InvalidToken(`This is not a recognized Fernet payload version: ${String(version)}`);
  }
}

/** UUID hex ids take 16 bytes instead of 32 characters; other ids (`default`, LDAP ids) stay text. */
function packId(id: string): Uint8Array | string {
  return UUID_HEX.test(id) ? Buffer.from(id, 'hex') : id;
}

function unpackId(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array && value.length === 16) return Buffer.from(value).toString('hex');
  throw new InvalidToken('Could not recognize Fernet token');
}

function packAuditId(id: string): Uint8Array | string {
  if (!AUDIT_ID.test(id)) return id;
  // Only a canonical encoding packs to bytes; any other spelling is kept as text, unchanged.
  const bytes = Buffer.from(id, 'base64url');
  return bytes.toString('base64url') === id ? bytes : id;
}

function unpackAuditId(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array && value.length === 16) return Buffer.from(value).toString('base64url');
  throw new InvalidToken('Could not recognize Fernet token');
}

function packMethods(methods: string[]): number {
  let bits = 0;
  for (const method of methods) {
    const bit = METHOD_BITS.get(method);
    if (bit === undefined) throw new Error(`authentication method ${method} has no token encoding`);
    bits |= bit;
  }
  return bits;
}

/** Methods in bit order, which is Keystone's order too (`password` before `token`). */
function unpackMethods(value: unknown): string[] {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    (value & ~ALL_METHOD_BITS) !== 0
  ) {
    throw new InvalidToken('Could not recognize Fernet token');
  }
  return [...METHOD_BITS].filter(([, bit]) => (value & bit) !== 0).map(([method]) => method);
}

function packTime(date: Date): number {
  const milliseconds = date.getTime();
  if (Number.isNaN(milliseconds)) throw new Error('a token time is not a valid date');
  return milliseconds / 1000;
}

function unpackTime(value: unknown): Date {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidToken('Could not recognize Fernet token');
  return new Date(Math.round(value * 1000));
}
