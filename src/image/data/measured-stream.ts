import { createHash } from 'node:crypto';
import { BadRequest, type ApiError } from '../../common/http/errors.js';
import { checkDeclaredFormat, FormatInspector, recordedVirtualSize } from '../format-inspection/index.js';

/** A limit on the bytes of one upload, and the error that refuses more. */
export interface ByteLimit {
  bytes: number;
  refuse: (seen: number) => ApiError;
}

/** The chunks unchanged, until more bytes went by than a limit allows: then its error. */
export async function* limited(source: AsyncIterable<Buffer>, limits: ByteLimit[]): AsyncGenerator<Buffer> {
  const smallest = Math.min(...limits.map((limit) => limit.bytes));
  let seen = 0;
  for await (const chunk of source) {
    seen += chunk.length;
    if (seen > smallest) throw limits.find((limit) => seen > limit.bytes)!.refuse(seen);
    yield chunk;
  }
}

/** What the image's data turned out to be, once it all went through. */
export interface MeasuredData {
  size: number;
  /** MD5, hex: Glance's `checksum`. */
  checksum: string;
  os_hash_algo: 'sha512';
  os_hash_value: string;
  virtual_size: number | null;
}

export interface MeasureOptions {
  limits: ByteLimit[];
  /**
   * The declared disk format to hold the bytes to, or null to skip inspection (Glance inspects
   * only `bare` containers: in others the disk sits inside an archive).
   */
  diskFormat: string | null;
}

/**
 * Image bytes on their way to a store, measured as they pass: size, MD5 and SHA-512, and their
 * disk format. The chunks are yielded unchanged; the stream throws (so the store keeps nothing)
 * when a byte limit is passed or, at the end, when the content is not the declared format or
 * fails the format's safety checks. `result` is set once the last chunk went through.
 */
export class MeasuredStream {
  result: MeasuredData | null = null;

  constructor(
    private readonly source: AsyncIterable<Buffer>,
    private readonly options: MeasureOptions,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    const md5 = createHash('md5');
    const sha512 = createHash('sha512');
    const inspector = this.options.diskFormat === null ? null : new FormatInspector();
    let size = 0;
    for await (const chunk of limited(this.source, this.options.limits)) {
      size += chunk.length;
      md5.update(chunk);
      sha512.update(chunk);
      inspector?.push(chunk);
      yield chunk;
    }
    let virtualSize: number | null = null;
    if (inspector !== null) {
      const inspection = inspector.finish();
      const refusal = checkDeclaredFormat(this.options.diskFormat!, inspection);
      if (refusal !== null) throw new BadRequest(refusal);
      virtualSize = recordedVirtualSize(this.options.diskFormat!, inspection, size);
    }
    this.result = {
      size,
      checksum: md5.digest('hex'),
      os_hash_algo: 'sha512',
      os_hash_value: sha512.digest('hex'),
      virtual_size: virtualSize,
    };
  }
}
