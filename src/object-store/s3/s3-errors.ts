import { S3Error } from './s3-error.js';

/**
 * The S3 errors the API raises, with the status and message Swift's s3api gives each
 * (`s3response.py`); the code is the AWS error name.
 */
export const s3Errors = {
  accessDenied: (message = 'Access Denied.') => new S3Error(403, 'AccessDenied', message),
  authorizationHeaderMalformed: (
    message = 'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    extra: Record<string, string> = {},
  ) => new S3Error(400, 'AuthorizationHeaderMalformed', message, extra),
  authorizationQueryParametersError: (message: string, extra: Record<string, string> = {}) =>
    new S3Error(400, 'AuthorizationQueryParametersError', message, extra),
  badDigest: (expected: string) =>
    new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.', {
      ExpectedDigest: expected,
    }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new S3Error(
      409,
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      { BucketName: bucket },
    ),
  bucketNotEmpty: () => new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty'),
  entityTooLarge: () =>
    new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.'),
  internalError: (message = 'We encountered an internal error. Please try again.') =>
    new S3Error(500, 'InternalError', message),
  invalidArgument: (name: string, value: string, message = 'Invalid Argument.') =>
    new S3Error(400, 'InvalidArgument', message, { ArgumentName: name, ArgumentValue: value }),
  invalidBucketName: (bucket: string) =>
    new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: bucket }),
  invalidDigest: (contentMd5: string) =>
    new S3Error(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.', {
      ContentMD5: contentMd5,
    }),
  invalidLocationConstraint: () =>
    new S3Error(400, 'InvalidLocationConstraint', 'The specified location constraint is not valid.'),
  invalidRange: () => new S3Error(416, 'InvalidRange', 'The requested range cannot be satisfied.'),
  invalidRequest: (message = 'Invalid Request.') => new S3Error(400, 'InvalidRequest', message),
  invalidStorageClass: () =>
    new S3Error(400, 'InvalidStorageClass', 'The storage class you specified is not valid.'),
  invalidURI: (uri: string) =>
    new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.", { URI: uri }),
  keyTooLong: () => new S3Error(400, 'KeyTooLongError', 'Your key is too long.'),
  malformedACL: () =>
    new S3Error(
      400,
      'MalformedACLError',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    ),
  malformedXML: () =>
    new S3Error(
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    ),
  methodNotAllowed: (method: string, resourceType: string) =>
    new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', {
      Method: method,
      ResourceType: resourceType,
    }),
  missingContentLength: () =>
    new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.'),
  missingRequestBody: () => new S3Error(400, 'MissingRequestBodyError', 'Request body is empty.'),
  missingSecurityHeader: (name: string) =>
    new S3Error(400, 'MissingSecurityHeader', 'Your request was missing a required header.', {
      MissingHeaderName: name,
    }),
  noSuchBucket: (bucket: string) =>
    new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: bucket }),
  noSuchKey: (key: string) =>
    new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }),
  notImplemented: (message = 'Not implemented.') => new S3Error(501, 'NotImplemented', message),
  preconditionFailed: () =>
    new S3Error(412, 'PreconditionFailed', 'At least one of the preconditions you specified did not hold.'),
  requestTimeTooSkewed: () =>
    new S3Error(
      403,
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
    ),
  serviceUnavailable: () => new S3Error(503, 'ServiceUnavailable', 'Please reduce your request rate.'),
  signatureDoesNotMatch: () =>
    new S3Error(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ),
  slowDown: () => new S3Error(503, 'SlowDown', 'Please reduce your request rate.'),
  unexpectedContent: () => new S3Error(400, 'UnexpectedContent', 'This request does not support content.'),
  userKeyMustBeSpecified: () =>
    new S3Error(
      400,
      'UserKeyMustBeSpecified',
      'The bucket POST must contain the specified field name. If it is specified, please check the order of the fields.',
    ),
  xAmzContentSHA256Mismatch: (client: string, computed: string) =>
    new S3Error(
      400,
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      {
        ClientComputedContentSHA256: client,
        S3ComputedContentSHA256: computed,
      },
    ),
};
