import { execFile as execFileCallback } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BadRequest } from '../../common/http/errors.js';
import type { GeneratedKeyPair } from './ssh-keys.js';

const execFile = promisify(execFileCallback);

/** Nova's x509 fingerprint: the SHA-1 of the certificate's DER, colon-separated lowercase hex. */
export function x509Fingerprint(pem: string): string {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    throw new BadRequest(
      `Keypair data is invalid: failed to generate X509 fingerprint. Error message: ${(error as Error).message}`,
    );
  }
  return createHash('sha1').update(certificate.raw).digest('hex').match(/../g)!.join(':');
}

/** The OpenSSL extensions Nova puts on a WinRM client certificate. */
function opensslConfig(upn: string): string {
  return [
    'distinguished_name  = req_distinguished_name',
    '[req_distinguished_name]',
    '[v3_req_client]',
    'extendedKeyUsage = clientAuth',
    `subjectAltName = otherName:1.3.6.1.4.1.311.20.2.3;UTF8:${upn}`,
    '',
  ].join('\n');
}

/**
 * A WinRM client certificate for a user, made as Nova makes it (with the `openssl` tool): a
 * self-signed certificate for `CN=<user_id>` valid ten years, and its private key as a base64
 * PKCS#12 bundle with an empty password.
 */
export async function generateX509KeyPair(userId: string): Promise<GeneratedKeyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'stratus-x509-'));
  try {
    const keyFile = join(dir, 'temp.key');
    const configFile = join(dir, 'temp.conf');
    const certFile = join(dir, 'temp.crt');
    await writeFile(configFile, opensslConfig(`${userId}@localhost`));
    await execFile('openssl', [
      'req',
      '-x509',
      '-nodes',
      '-days',
      '3650',
      '-config',
      configFile,
      '-newkey',
      'rsa:2048',
      '-outform',
      'PEM',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      `/CN=${userId}`,
      '-extensions',
      'v3_req_client',
    ]);
    const certificate = await readFile(certFile, 'utf8');
    const { stdout } = await execFile(
      'openssl',
      ['pkcs12', '-export', '-inkey', keyFile, '-in', certFile, '-password', 'pass:'],
      { encoding: 'buffer' },
    );
    return {
      privateKey: (stdout as Buffer).toString('base64'),
      publicKey: certificate,
      fingerprint: x509Fingerprint(certificate),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
