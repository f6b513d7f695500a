import { BadRequest } from '../../common/http/errors.js';
import { WebobError } from '../api/errors.js';
import type { ByteRange } from '../stores/image-store.js';

const RANGE = /^bytes *= *(\d*) *- *(\d*)/i;
const NOT_AVAILABLE = 'The Range requested is not available.';

/**
 * The part of an image of `size` bytes a `Range` header asks for, as Glance serves it: one range
 * only (400 for several); `bytes=a-b`, `bytes=a-` and the suffix form `bytes=-n`; 416 when the
 * header does not parse or starts past the end. An end past the end is cut to it.
 */
export function requestedRange(header: string | undefined, size: number): ByteRange | null {
  if (header === undefined) return null;
  if (header.includes(',')) {
    throw new BadRequest(
      'Requests with multiple ranges are not supported in Glance. You may make multiple single-range requests instead.',
    );
  }
  const match = RANGE.exec(header);
  if (!match || (match[1] === '' && match[2] === ''))
    throw new WebobError(416, NOT_AVAILABLE, 'Invalid Range header.');
  const [, startText, endText] = match;
  if (startText === '') {
    const suffix = Number(endText);
    return { start: suffix > 0 && suffix < size ? size - suffix : 0, end: size - 1 };
  }
  const start = Number(startText);
  const end = endText === '' ? null : Number(endText);
  if (end !== null && start > end) throw new WebobError(416, NOT_AVAILABLE, 'Invalid Range header.');
  if (start >= size) {
    throw new WebobError(
      416,
      NOT_AVAILABLE,
      `Invalid start position in Range header. Start position MUST be in the inclusive range [0, ${size - 1}].`,
    );
  }
  return { start, end: end === null || end >= size ? size - 1 : end };
}
