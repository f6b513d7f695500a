import { Readable } from 'node:stream';
import { multipartLayout, type ByteRange } from './byte-ranges.js';
import type { ObjectData } from './object-reader.js';

/** Reads from the object file at most this much at a time. */
const READ_CHUNK_BYTES = 1024 * 1024;

async function* readRange(data: ObjectData, range: ByteRange): AsyncGenerator<Buffer> {
  let position = range.start;
  if (position < data.bytes.length) {
    const end = Math.min(range.end, data.bytes.length);
    yield data.bytes.subarray(position, end);
    position = end;
  }
  while (position < range.end) {
    const length = Math.min(READ_CHUNK_BYTES, range.end - position);
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await data.file!.read(buffer, 0, length, data.dataOffset + position);
    if (bytesRead === 0) throw new Error('object file shorter than its metadata says');
    yield buffer.subarray(0, bytesRead);
    position += bytesRead;
  }
}

/** Streams from the file and closes it at the end, or when the reader stops early. */
function streamOf(data: ObjectData, source: () => AsyncGenerator<Buffer>): Readable {
  async function* closing() {
    try {
      yield* source();
    } finally {
      await data.file?.close();
    }
  }
  return Readable.from(closing(), { objectMode: false });
}

/** One range of the data (or all of it): a buffer when it was all read with the head. */
export function rangeBody(data: ObjectData, range: ByteRange): Buffer | Readable {
  if (range.end <= data.bytes.length) {
    void data.file?.close();
    return data.bytes.subarray(range.start, range.end);
  }
  return streamOf(data, () => readRange(data, range));
}

/** A multipart/byteranges body and its length (swob's `multi_range_iterator`). */
export function multipartBody(
  data: ObjectData,
  ranges: ByteRange[],
  contentType: string,
  boundary: string,
): { body: Buffer | Readable; length: number } {
  const layout = multipartLayout(ranges, contentType, data.length, boundary);
  if (!data.file) {
    const pieces = layout.parts.flatMap((part) => [
      part.header,
      data.bytes.subarray(part.range.start, part.range.end),
    ]);
    return { body: Buffer.concat([...pieces, layout.trailer]), length: layout.length };
  }
  async function* parts() {
    for (const part of layout.parts) {
      yield part.header;
      yield* readRange(data, part.range);
    }
    yield layout.trailer;
  }
  return { body: streamOf(data, parts), length: layout.length };
}

/** Closes what a response without data left open. */
export function discardData(data: ObjectData | undefined): void {
  void data?.file?.close();
}
