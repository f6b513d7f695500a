import { badRequest } from '../../proxy/swob.js';

/** A segment as a client lists it in a `multipart-manifest=put` body. */
export interface SegmentInput {
  path: string;
  etag?: string | null;
  size_bytes?: number | null;
  range?: string;
}

const SEGMENT_KEYS = ['path', 'etag', 'size_bytes', 'range'];

/** Checks a `[start]-[end]` segment range against a known size: one satisfiable range, else its refusal. */
export function segmentRange(
  range: string,
  size: number | undefined,
): [number, number] | 'invalid' | 'unsatisfiable' {
  const match = /^(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid';
  if (match[1] !== '' && match[2] !== '' && Number(match[2]) < Number(match[1])) return 'invalid';
  if (size === undefined) return [0, 0];
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size];
  }
  const start = Number(match[1]);
  if (start >= size) return 'unsatisfiable';
  return [start, match[2] === '' ? size : Math.min(size, Number(match[2]) + 1)];
}

/**
 * Swift's `parse_and_validate_input`: the manifest body as a list of segments, with its
 * messages for what is wrong, every problem listed at once (400).
 */
export function parseManifestInput(body: Buffer, manifestPath: string): SegmentInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('Manifest must be valid JSON.\n');
  }
  if (!Array.isArray(parsed)) throw badRequest('Manifest must be a list.\n');
  const errors: string[] = [];
  parsed.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push(`Index ${index}: not a JSON object`);
      return;
    }
    const segment = item as Record<string, unknown>;
    if (!('path' in segment)) {
      errors.push(`Index ${index}: expected keys to include one of 'path'`);
      return;
    }
    const extraneous = Object.keys(segment)
      .filter((key) => !SEGMENT_KEYS.includes(key))
      .sort();
    if (extraneous.length > 0) {
      errors.push(
        `Index ${index}: extraneous keys ${extraneous.map((key) => JSON.stringify(key)).join(', ')}`,
      );
      return;
    }
    if (typeof segment.path !== 'string') {
      errors.push(`Index ${index}: "path" must be a string`);
      return;
    }
    if (!(segment.etag === undefined || segment.etag === null || typeof segment.etag === 'string')) {
      errors.push(`Index ${index}: "etag" must be a string or null (if provided)`);
      return;
    }
    if (!segment.path.replace(/^\/+|\/+$/g, '').includes('/')) {
      errors.push(
        `Index ${index}: path does not refer to an object. Path must be of the form /container/object.`,
      );
      return;
    }
    let size: number | undefined;
    if (segment.size_bytes !== undefined && segment.size_bytes !== null) {
      size = Number(segment.size_bytes);
      if (!Number.isInteger(size) || typeof segment.size_bytes === 'boolean' || segment.size_bytes === '') {
        errors.push(`Index ${index}: invalid size_bytes`);
        return;
      }
      segment.size_bytes = size;
      if (size < 1 && index !== parsed.length - 1) {
        errors.push(`Index ${index}: too small; each segment must be at least 1 byte.`);
        return;
      }
    }
    if (`/${segment.path.replace(/^\/+/, '')}` === manifestPath) {
      errors.push(`Index ${index}: manifest must not include itself as a segment`);
      return;
    }
    if (segment.range !== undefined && segment.range !== null && segment.range !== '') {
      const range = typeof segment.range === 'string' ? segmentRange(segment.range, size) : 'invalid';
      if (range === 'invalid') {
        const multiple = typeof segment.range === 'string' && segment.range.includes(',');
        errors.push(`Index ${index}: ${multiple ? 'multiple ranges (only one allowed)' : 'invalid range'}`);
        return;
      }
      if (range === 'unsatisfiable') {
        errors.push(`Index ${index}: unsatisfiable range`);
        return;
      }
    } else delete segment.range;
  });
  if (errors.length > 0) throw badRequest(errors.map((error) => `${error}\n`).join(''));
  return parsed as SegmentInput[];
}
