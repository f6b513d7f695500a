import { escapeHtml } from '../../../common/http/escape-html.js';

/** An entry of a container's JSON listing with `delimiter=/`: an object, or a pseudo-folder. */
export interface ListedEntry {
  name?: string;
  subdir?: string;
  bytes?: number;
  content_type?: string;
  last_modified?: string;
}

/** Python's `urllib.parse.quote` with `/` (and `extraSafe`) kept. */
export function pyQuote(text: string, extraSafe = ''): string {
  let quoted = encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  for (const char of `/${extraSafe}`) {
    quoted = quoted.replaceAll(encodeURIComponent(char), char);
  }
  return quoted;
}

/** Swift's `human_readable`: 1048576 -> `1Mi`. */
export function humanReadable(bytes: number): string {
  const suffixes = 'KMGTPEZY';
  let value = bytes;
  let index = -1;
  while (value >= 1024 && index + 1 < suffixes.length) {
    index += 1;
    value = Math.round(value / 1024);
  }
  return index === -1 ? String(Math.floor(value)) : `${Math.round(value)}${suffixes[index]}i`;
}

/** Where the listing's stylesheet is, from a listing `prefix` deep: relative to it unless absolute. */
export function cssPath(css: string, prefix: string): string {
  if (/^(\/|http:\/\/|https:\/\/)/.test(css)) return pyQuote(css, ':');
  return '../'.repeat(prefix.split('/').length - 1) + pyQuote(css);
}

const DEFAULT_STYLE =
  '  <style type="text/css">\n' +
  '   h1 {font-size: 1em; font-weight: bold;}\n' +
  '   th {text-align: left; padding: 0px 1em 0px 1em;}\n' +
  '   td {padding: 0px 1em 0px 1em;}\n' +
  '   a {text-decoration: none;}\n' +
  '  </style>\n';

const cell = (className: string, content: string) => `    <td class="${className}">${content}</td>\n`;

/** The HTML listing staticweb serves for a container or a pseudo-folder of it, as Swift writes it. */
export function webListingPage(label: string, listing: ListedEntry[], prefix: string, css: string): string {
  let body =
    '<!DOCTYPE html>\n<html>\n <head>\n' +
    `  <title>Listing of ${escapeHtml(label)}</title>\n` +
    (css ? `  <link rel="stylesheet" type="text/css" href="${cssPath(css, prefix)}" />\n` : DEFAULT_STYLE) +
    ' </head>\n <body>\n' +
    `  <h1 id="title">Listing of ${escapeHtml(label)}</h1>\n` +
    '  <table id="listing">\n   <tr id="heading">\n' +
    '    <th class="colname">Name</th>\n    <th class="colsize">Size</th>\n    <th class="coldate">Date</th>\n' +
    '   </tr>\n';
  if (prefix) {
    body +=
      '   <tr id="parent" class="item">\n' +
      cell('colname', '<a href="../">../</a>') +
      cell('colsize', '&nbsp;') +
      cell('coldate', '&nbsp;') +
      '   </tr>\n';
  }
  for (const { subdir } of listing) {
    if (subdir === undefined) continue;
    const shown = subdir.slice(prefix.length);
    body +=
      '   <tr class="item subdir">\n' +
      cell('colname', `<a href="./${pyQuote(shown).replace(/\./g, '%2E')}">${escapeHtml(shown)}</a>`) +
      cell('colsize', '&nbsp;') +
      cell('coldate', '&nbsp;') +
      '   </tr>\n';
  }
  for (const entry of listing) {
    if (entry.name === undefined) continue;
    const shown = entry.name.slice(prefix.length);
    const types = (entry.content_type ?? '')
      .split('/')
      .map((part) => `type-${escapeHtml(part.toLowerCase())}`)
      .join(' ');
    const date = escapeHtml(entry.last_modified ?? '')
      .split('.')[0]
      .replace('T', ' ');
    body +=
      `   <tr class="item ${types}">\n` +
      cell('colname', `<a href="./${pyQuote(shown).replace(/\./g, '%2E')}">${escapeHtml(shown)}</a>`) +
      cell('colsize', humanReadable(entry.bytes ?? 0)) +
      cell('coldate', date) +
      '   </tr>\n';
  }
  return `${body}  </table>\n </body>\n</html>\n`;
}

/** The page of a container whose owner keeps listings off (`Web Listing Disabled`), served as a 404. */
export function listingDisabledPage(label: string, css: string, prefix: string, index: string): string {
  let body =
    '<!DOCTYPE html>\n<html>\n<head>\n' +
    `<title>Listing of ${escapeHtml(label)}</title>\n` +
    (css
      ? `  <link rel="stylesheet" type="text/css" href="${cssPath(css, prefix)}" />\n`
      : '  <style type="text/css">\n   h1 {font-size: 1em; font-weight: bold;}\n   p {font-size: 2}\n  </style>\n') +
    '</head>\n<body>' +
    '  <h1>Web Listing Disabled</h1>' +
    '   <p>The owner of this web site has disabled web listing.' +
    '   <p>If you are the owner of this web site, you can enable' +
    '   web listing by setting X-Container-Meta-Web-Listings.</p>';
  if (index) {
    body +=
      '<h1>Index File Not Found</h1>' +
      ' <p>The owner of this web site has set ' +
      ` <b>X-Container-Meta-Web-Index: ${index}</b>. ` +
      ' However, this file is not found.</p>';
  }
  return `${body} </body>\n</html>\n`;
}
