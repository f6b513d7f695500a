/** A time as S3's XML gives it (`2009-02-03T16:45:09.000Z`), rounded up to the second as s3api does. */
export function s3XmlTime(milliseconds: number): string {
  return new Date(Math.ceil(milliseconds / 1000) * 1000).toISOString();
}

/** A Swift listing's `last_modified` (`2026-11-21T15:09:15.123450`, UTC) in S3's XML form. */
export function listingTime(lastModified: string): string {
  return s3XmlTime(Date.parse(`${lastModified.replace(/Z$/, '')}Z`));
}
