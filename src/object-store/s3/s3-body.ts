import type { Readable } from 'node:stream';
import { readAtMost } from '../proxy/whole-body.js';
import { s3Errors } from './s3-errors.js';

/**
 * A request body read whole, for the XML documents S3 takes (s3api's `S3Request.xml`): a body
 * longer than `limit` is MalformedXML, as s3api answers; none at all is an empty buffer.
 */
export async function readRequestBody(body: Readable | undefined, limit: number): Promise<Buffer> {
  const whole = await readAtMost(body, limit);
  if (!whole) throw s3Errors.malformedXML();
  return whole;
}
