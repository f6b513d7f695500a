/**
 * Bodies the proxy's own code reads whole (manifests, listings, XML and JSON documents, lists of
 * names) or lets go unread; the bodies of objects are streamed, never read here.
 */
import { Readable } from 'node:stream';
import type { SwiftAnswer } from './swift-call.js';

/** The whole body of an answer (a manifest, a listing, a request's list of names). */
export async function readAll(body: SwiftAnswer['body'] | Readable): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** An answer's whole body as text (listings and other JSON the middlewares read). */
export async function answerText(answer: SwiftAnswer): Promise<string> {
  return (await readAll(answer.body)).toString('utf8');
}

/** Reads at most `limit` bytes of a request body; more is `undefined` (the caller's own error). */
export async function readAtMost(body: Readable | undefined, limit: number): Promise<Buffer | undefined> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += bytes.length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Drops an answer's body that will not be read. */
export function dropBody(answer: SwiftAnswer): void {
  if (answer.body instanceof Readable) answer.body.destroy();
}
