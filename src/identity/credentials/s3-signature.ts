import { createHmac } from 'node:crypto';
import { Unauthorized } from '../../common/http/errors.js';

const invalid = () => new Unauthorized('Invalid EC2 signature.');

/**
 * The signature of an S3 string to sign (`/v3/s3tokens`, Keystone's s3tokens): Signature V4
 * (hex HMAC-SHA256 under the key derived from the scope line) when it starts with `AWS4`,
 * else Signature V2 (base64 HMAC-SHA1).
 */
export function s3Signature(stringToSign: Buffer, secret: string): string {
  if (stringToSign.subarray(0, 4).toString('latin1') !== 'AWS4') {
    return createHmac('sha1', secret).update(stringToSign).digest('base64');
  }
  const lines = stringToSign.toString('utf8').split('\n');
  if (lines.length !== 4 || lines[0] !== 'AWS4-HMAC-SHA256') throw invalid();
  const scope = lines[2]!.split('/');
  if (scope.length !== 4 || scope[2] !== 's3' || scope[3] !== 'aws4_request') throw invalid();
  const [date, region, service] = scope as [string, string, string];
  return createHmac('sha256', v4SigningKey(secret, date, region, service))
    .update(stringToSign)
    .digest('hex');
}

/** AWS Signature V4's signing key: 'AWS4'+secret, then the date, region, service and `aws4_request`. */
export function v4SigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const sign = (key: Buffer | string, message: string) => createHmac('sha256', key).update(message).digest();
  return sign(sign(sign(sign(`AWS4${secret}`, date), region), service), 'aws4_request');
}
