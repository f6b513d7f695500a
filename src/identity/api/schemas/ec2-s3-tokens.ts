/**
 * `/v3/s3tokens` and `/v3/ec2tokens` bodies. Keystone never gave them a JSON schema and reads the
 * credentials under `credentials`, `credential` or `ec2Credentials`; the handler checks them.
 */
export const signedCredentialsBody = { type: 'object', additionalProperties: true } as const;
