/** Python's `urllib.parse.quote`: percent-encodes all but letters, digits, `_.-~` and `safe`. */
function pyQuote(text: string, safe: string): string {
  return Array.from(text)
    .map((char) =>
      /[A-Za-z0-9_.\-~]/.test(char) || safe.includes(char)
        ? char
        : Array.from(
            Buffer.from(char),
            (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
          ).join(''),
    )
    .join('');
}

/** A file name as both `filename="..."` and RFC 5987's `filename*=UTF-8''...`, quoted as Swift does. */
function filenameParameters(name: string): string {
  return `filename="${pyQuote(name, ' /')}"; filename*=UTF-8''${pyQuote(name, '/')}`;
}

/**
 * The `Content-Disposition` of a GET through a temporary URL, as Swift's tempurl sets it:
 * `inline` when asked (with the given file name, if any); `attachment` with the given `filename`;
 * else, unless the object has its own, `attachment` named after the object's last path segment,
 * so a browser saves a download under a sensible name.
 */
export function contentDisposition(
  object: string,
  query: Record<string, string>,
  answerHeaders: Record<string, string>,
): string | undefined {
  const filename = query.filename;
  if (query.inline !== undefined) {
    return filename ? `inline; ${filenameParameters(filename)}` : 'inline';
  }
  if (filename !== undefined) return `attachment; ${filenameParameters(filename)}`;
  if (answerHeaders['content-disposition'] !== undefined) return undefined;
  const base = object.split('/').pop() ?? object;
  return `attachment; ${filenameParameters(base)}`;
}
