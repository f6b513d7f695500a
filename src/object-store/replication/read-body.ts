import type { StorageResponse } from '../storage/storage-protocol.js';

/** A storage answer's whole body (REPLICATE answers are small JSON). */
export async function readBody(answer: StorageResponse): Promise<Buffer> {
  if (Buffer.isBuffer(answer.body)) return answer.body;
  const chunks: Buffer[] = [];
  for await (const chunk of answer.body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
