import type { Readable } from 'node:stream';
import type { SwiftAnswer } from '../proxy/swift-call.js';
import { s3Errors } from './s3-errors.js';

/**
 * A request body read whole, for the XML documents S3 takes (s3api's `S3Request.xml`): a body
 * longer than `limit` is MalformedXML, as s3api answers; none at all is an empty buffer.
 */
export async function readRequestBody(body: Readable | undefined, limit: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    const piece = Buffer.from(chunk as Buffer);
    length += piece.length;
    if (length > limit) {
      body.destroy();
      throw s3Errors.malformedXML();
    }
    chunks.push(piece);
  }
  return Buffer.concat(chunks);
}

/** A Swift answer's whole body as text (listings and other JSON the S3 handlers read). */
export async function answerText(answer: SwiftAnswer): Promise<string> {
  const { body } = answer;
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
