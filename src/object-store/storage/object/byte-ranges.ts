/** A satisfiable range: `start` inclusive, `end` exclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/** swob's limits against egregious range requests (RFC 7233 section 6.1). */
const MAX_RANGES = 50;
const MAX_RANGE_OVERLAPS = 2;
const MAX_NONASCENDING_RANGES = 8;

type RangeSpec = [start: number | undefined, end: number | undefined];

/** swob's `Range`: the specs of a `bytes=` header, or undefined when it is not valid (then ignored). */
function parseRangeHeader(value: string): RangeSpec[] | undefined {
  const text = value.replaceAll(' ', '');
  if (!text.toLowerCase().startsWith('bytes=')) return undefined;
  const specs: RangeSpec[] = [];
  for (const spec of text.slice(6).split(',')) {
    const match = /^(\d*)-(\d*)$/.exec(spec);
    if (!match || (match[1] === '' && match[2] === '')) return undefined;
    const start = match[1] === '' ? undefined : Number(match[1]);
    const end = match[2] === '' ? undefined : Number(match[2]);
    if (start !== undefined && end !== undefined && end < start) return undefined;
    specs.push([start, end]);
  }
  return specs;
}

function overlap(a: ByteRange, b: ByteRange): boolean {
  return (
    (a.start < b.start && b.start < a.end) ||
    (a.start < b.end && b.end < a.end) ||
    (b.start < a.start && a.start < b.end) ||
    (b.start < a.end && a.end < b.end)
  );
}

/**
 * swob's `ranges_for_length`: the ranges of `length` bytes a Range header asks for. Undefined: no
 * valid header, answer the whole object (200); empty: nothing satisfiable (416).
 */
export function rangesForLength(header: string | undefined, length: number): ByteRange[] | undefined {
  if (header === undefined) return undefined;
  const specs = parseRangeHeader(header);
  if (!specs || specs.length === 0) return undefined;
  const ranges: ByteRange[] = [];
  for (const [start, end] of specs) {
    if (start === undefined) {
      if (end === 0) continue;
      ranges.push({ start: Math.max(0, length - end!), end: length });
    } else if (start < length) {
      ranges.push({ start, end: end === undefined ? length : Math.min(end + 1, length) });
    }
  }
  if (ranges.length > MAX_RANGES) return [];
  let overlaps = 0;
  for (let i = 0; i < ranges.length; i += 1) {
    for (let j = i + 1; j < ranges.length; j += 1) {
      if (overlap(ranges[i], ranges[j]) && ++overlaps > MAX_RANGE_OVERLAPS) return [];
    }
  }
  const ascending = ranges.every((range, i) => i === 0 || ranges[i - 1].start <= range.start);
  if (!ascending && ranges.length >= MAX_NONASCENDING_RANGES) return [];
  return ranges;
}

export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end - 1}/${size}`;
}

/** The parts of a multipart/byteranges body, with each part's header, and the body's length. */
export function multipartLayout(
  ranges: ByteRange[],
  contentType: string,
  size: number,
  boundary: string,
): { parts: { header: Buffer; range: ByteRange }[]; trailer: Buffer; length: number } {
  const parts = ranges.map((range, i) => ({
    header: Buffer.from(
      `${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${contentType}\r\n` +
        `Content-Range: ${contentRange(range, size)}\r\n\r\n`,
    ),
    range,
  }));
  const trailer = Buffer.from(`\r\n--${boundary}--`);
  const length = parts.reduce((sum, part) => sum + part.header.length + part.range.end - part.range.start, 0);
  return { parts, trailer, length: length + trailer.length };
}
