import { SwiftError } from './swob.js';

/** An entry of an account or container listing, as the storage servers give it in JSON. */
export type ListingEntry = Record<string, string | number> & { name?: string; subdir?: string };

const FORMATS: Record<string, string> = {
  plain: 'text/plain',
  json: 'application/json',
  xml: 'application/xml',
};

const OFFERED = ['text/plain', 'application/json', 'application/xml', 'text/xml'];

/**
 * The media type of a listing, as Swift's listing_formats middleware picks it: `format=` first
 * (unknown formats are plain), else the best match of `Accept` (406 when nothing offered matches).
 */
export function listingContentType(format: string | undefined, accept: string | undefined): string {
  if (format) return FORMATS[format.toLowerCase()] ?? FORMATS.plain;
  if (!accept) return 'text/plain';
  let best: { type: string; quality: number } | null = null;
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().split(';');
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const quality = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(quality)) throw new SwiftError(400, 'Invalid Accept header');
    const wanted = range.trim().toLowerCase();
    const match = OFFERED.find(
      (type) =>
        wanted === type ||
        wanted === '*/*' ||
        (wanted.endsWith('/*') && type.startsWith(wanted.slice(0, -1))),
    );
    if (match && quality > 0 && (!best || quality > best.quality)) best = { type: match, quality };
  }
  if (!best) throw new SwiftError(406);
  return best.type;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const element = (name: string, value: string | number) => `<${name}>${escapeXml(String(value))}</${name}>`;

/** A listing in the media type asked for: one name per line, JSON, or Swift's XML document. */
export function formatListing(
  entries: ListingEntry[],
  type: string,
  kind: 'account' | 'container',
  name: string,
): Buffer {
  if (type === 'application/json') return Buffer.from(JSON.stringify(entries));
  if (type === 'text/plain') {
    return Buffer.from(entries.map((entry) => `${entry.name ?? entry.subdir}\n`).join(''));
  }
  const fields =
    kind === 'account'
      ? ['name', 'count', 'bytes', 'last_modified']
      : ['name', 'hash', 'bytes', 'content_type', 'last_modified'];
  const item = kind === 'account' ? 'container' : 'object';
  const body = entries.map((entry) => {
    if (entry.subdir !== undefined) {
      const subdir = escapeXml(String(entry.subdir));
      return kind === 'account'
        ? `<subdir name="${subdir}" />`
        : `<subdir name="${subdir}">${element('name', entry.subdir)}</subdir>`;
    }
    return `<${item}>${fields.map((field) => element(field, entry[field] ?? '')).join('')}</${item}>`;
  });
  const separator = kind === 'account' ? '\n' : '';
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<${kind} name="${escapeXml(name)}">${separator}` +
      `${body.map((line) => line + separator).join('')}</${kind}>`,
  );
}
