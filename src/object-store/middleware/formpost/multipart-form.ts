/** One part of a `multipart/form-data` body: its headers (names lower case) and its bytes. */
export interface FormPart {
  headers: Record<string, string>;
  data: Buffer;
}

/** A form whose first line is not its boundary (Swift's `MimeInvalid`). */
export class InvalidStartingBoundary extends Error {}

/** Swift's `ATTRIBUTES_RE`: `name="value"` or `name=value`, then `; ` or the end. */
const ATTRIBUTE = /^(\w+)=(".*?"|[^";]+)(; ?|$)/;

/**
 * `form-data; name="file1"; filename="a.txt"` -> `['form-data', {name, filename}]`, as Swift's
 * `parse_content_disposition` reads Content-Disposition and Content-Type alike.
 */
export function parseDisposition(value: string): [string, Record<string, string>] {
  const semicolon = value.indexOf(';');
  if (semicolon < 0) return [value, {}];
  let rest = value.slice(semicolon + 1).trim();
  const attributes: Record<string, string> = {};
  for (let match = ATTRIBUTE.exec(rest); match && rest !== ''; match = ATTRIBUTE.exec(rest)) {
    rest = rest.slice(match[0].length);
    attributes[match[1]] = match[2].replace(/^"+|"+$/g, '');
  }
  return [value.slice(0, semicolon).trim(), attributes];
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * The parts of a `multipart/form-data` body in order (Swift's `iter_multipart_mime_documents`):
 * the body starts with `--boundary`, each part's headers end at a blank line, its data at the
 * next `\r\n--boundary`; `--boundary--` (or the end of the body) ends the form.
 */
export function parseMultipartForm(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  if (!body.subarray(0, delimiter.length).equals(delimiter)) throw new InvalidStartingBoundary();
  const separator = Buffer.from(`\r\n--${boundary}`);
  const parts: FormPart[] = [];
  let position = delimiter.length;
  while (position < body.length && body.subarray(position, position + 2).toString() !== '--') {
    const start = body.indexOf('\r\n', position) + 2;
    if (start < 2) break;
    const end = body.indexOf(separator, start);
    const part = body.subarray(start, end < 0 ? body.length : end);
    const blank = part.indexOf('\r\n\r\n');
    const headerEnd = part.subarray(0, 2).toString() === '\r\n' ? 0 : blank;
    parts.push(
      headerEnd < 0
        ? { headers: parseHeaders(part.toString('utf8')), data: Buffer.alloc(0) }
        : {
            headers: parseHeaders(part.subarray(0, headerEnd).toString('utf8')),
            data: part.subarray(headerEnd === 0 ? 2 : headerEnd + 4),
          },
    );
    if (end < 0) break;
    position = end + separator.length;
  }
  return parts;
}
