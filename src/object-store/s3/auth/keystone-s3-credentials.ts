import type { TokenValidator, RequestContext } from '../../../common/auth/context.js';
import type { ServiceTransport } from '../../../common/clients/http-transport.js';
import { ServiceError } from '../../../common/clients/service-error.js';
import { S3Error } from '../s3-error.js';
import type { S3CredentialCheck, S3SignedString } from './s3-credential-check.js';

/**
 * Signatures checked by identity, as Swift's s3token middleware does: `POST /v3/s3tokens` with
 * the access key, the base64 of the string to sign and the signature; identity answers with a
 * token of the credential's user on its project, which is then read like any other token.
 */
export class KeystoneS3Credentials implements S3CredentialCheck {
  constructor(
    private readonly identity: ServiceTransport,
    private readonly validator: TokenValidator,
  ) {}

  async check(signed: S3SignedString): Promise<RequestContext> {
    const credentials = {
      access: signed.access,
      token: Buffer.from(signed.stringToSign, 'utf8').toString('base64'),
      signature: signed.signature,
    };
    try {
      const answer = await this.identity.request('POST', '/v3/s3tokens', { body: { credentials } });
      const token = answer.headers['x-subject-token'];
      if (!token) throw new Error('identity answered /v3/s3tokens without X-Subject-Token');
      return await this.validator.validate(token);
    } catch (error) {
      if (error instanceof ServiceError && error.status === 401)
        throw new S3Error(
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        );
      if (error instanceof ServiceError && error.status === 404)
        throw new S3Error(
          403,
          'InvalidAccessKeyId',
          'The AWS Access Key Id you provided does not exist in our records.',
        );
      throw error;
    }
  }
}
