import { createHash, generateKeyPair as generateKeyPairCallback } from 'node:crypto';
import { promisify } from 'node:util';
import { BadRequest } from '../../common/http/errors.js';

const generateKeyPair = promisify(generateKeyPairCallback);

/** The fields of each public key type's wire blob (RFC 4253, 5656, 8709) after its type name. */
const BLOB_FIELDS: Record<string, number> = {
  'ssh-rsa': 2,
  'ssh-dss': 4,
  'ssh-ed25519': 1,
  'ecdsa-sha2-nistp256': 2,
  'ecdsa-sha2-nistp384': 2,
  'ecdsa-sha2-nistp521': 2,
};

/** Splits an SSH wire blob into its length-prefixed strings; undefined when it is malformed. */
function blobStrings(blob: Buffer): Buffer[] | undefined {
  const strings: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 4 > blob.length) return undefined;
    const length = blob.readUInt32BE(offset);
    offset += 4;
    if (offset + length > blob.length) return undefined;
    strings.push(blob.subarray(offset, offset + length));
    offset += length;
  }
  return strings;
}

/** Whether `ssh-xxx BASE64 [comment]` is a well-formed public key of a type Nova's library loads. */
function parsesAsPublicKey(type: string | undefined, base64: string | undefined): Buffer | undefined {
  if (!type || !base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const blob = Buffer.from(base64, 'base64');
  const strings = blobStrings(blob);
  const fields = BLOB_FIELDS[type];
  if (!strings || fields === undefined || strings.length !== fields + 1) return undefined;
  if (strings[0].toString('latin1') !== type) return undefined;
  if (type === 'ssh-ed25519' && strings[1].length !== 32) return undefined;
  if (type.startsWith('ecdsa-') && strings[1].toString('latin1') !== type.slice('ecdsa-sha2-'.length))
    return undefined;
  return blob;
}

/** `aa:bb:...` of a digest, as Nova shows fingerprints. */
function colonHex(digest: Buffer): string {
  return digest.toString('hex').match(/../g)!.join(':');
}

/**
 * Nova's ssh fingerprint: the MD5 of the key blob, colon-separated (`ssh-keygen -l -E md5`). A
 * key that does not load is Nova's InvalidKeypair (400).
 */
export function sshFingerprint(publicKey: string): string {
  const [type, base64] = publicKey.trim().split(/\s+/);
  const blob = parsesAsPublicKey(type, base64);
  if (!blob) throw new BadRequest('Keypair data is invalid: failed to generate fingerprint');
  return colonHex(createHash('md5').update(blob).digest());
}

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An SSH mpint: big-endian, with a zero byte ahead when the top bit is set. */
function sshMpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const trimmed = unsigned.subarray(start);
  return sshString(trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export interface GeneratedKeyPair {
  privateKey: string;
  publicKey: string;
  fingerprint: string;
}

/**
 * A new 2048-bit RSA key as Nova makes one: the private key in PEM (`BEGIN RSA PRIVATE KEY`),
 * the public key as `ssh-rsa <blob> Generated-by-Nova`.
 */
export async function generateSshKeyPair(): Promise<GeneratedKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    sshMpint(Buffer.from(jwk.e!, 'base64url')),
    sshMpint(Buffer.from(jwk.n!, 'base64url')),
  ]);
  const sshPublicKey = `ssh-rsa ${blob.toString('base64')} Generated-by-Nova`;
  return {
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    publicKey: sshPublicKey,
    fingerprint: colonHex(createHash('md5').update(blob).digest()),
  };
}
