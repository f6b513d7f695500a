/**
 * The region S3 clients sign for and buckets are located in: s3api's default `location`, which
 * is also what S3 clients assume when they are not told a region (s3cmd, boto3, the AWS CLI).
 */
export const S3_LOCATION = 'us-east-1';
